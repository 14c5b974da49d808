package dev.keel.kernel.http;

/**
 * The HTTP entry's configuration ({@code keel.http}) as used per request. Its
 * ranges are the Metatype definition's, which the validator enforces before
 * {@link ApiServlet} sees a value.
 *
 * @param maxBodyBytes the largest request body answered with anything but 413
 * @param retryAfterS the Retry-After of a 503
 * @param accessLog whether each request gets a line in the access log
 */
record ApiSettings(long maxBodyBytes, int retryAfterS, boolean accessLog) {
}
