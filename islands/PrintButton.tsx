import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";

/**
 * Opens the browser's print dialog. The app's CSP refuses inline scripts, so this is an island;
 * before it runs (or without JavaScript) the button stays disabled and the hint beside it says
 * how to print from the browser.
 */
export default function PrintButton() {
  const ready = useSignal(false);
  useEffect(() => {
    ready.value = true;
  }, []);
  return (
    <span class="print-button no-print">
      <button
        type="button"
        class="primary"
        data-testid="print"
        disabled={!ready.value}
        onClick={() => globalThis.print()}
      >
        Print
      </button>{" "}
      <span class="muted">
        or your browser's Print (Ctrl+P, ⌘P): it fits one A4 or Letter page.
      </span>
    </span>
  );
}
