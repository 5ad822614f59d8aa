/** An XML answer (EDXL-HAVE, CAP, Atom) that intermediaries must not cache: status changes. */
export function xmlResponse(body: string, contentType = "application/xml"): Response {
  return new Response(body, {
    headers: {
      "content-type": `${contentType}; charset=utf-8`,
      "cache-control": "private, no-cache",
    },
  });
}
