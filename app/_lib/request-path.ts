// The path of the page being requested, for a layout's sign-in redirect to come back to. Set by the
// server handler on every request (overwriting whatever a client sent); layouts cannot see the URL.
export const REQUEST_PATH_HEADER = "x-patwarden-path";
