/** A failed model download, in words the reader can act on. */
export function downloadFailure(status: number): string {
  if (status === 401 || status === 403) {
    return "Your session has ended or does not allow this hospital: sign in again, then reload.";
  }
  if (status === 404) {
    return "The forecast model for this hospital was not found on the server (answered 404). " +
      "Reload the page; if it persists, an administrator can check Models under Admin.";
  }
  return `The server could not send the forecast model (answered ${status}). Try again shortly.`;
}
