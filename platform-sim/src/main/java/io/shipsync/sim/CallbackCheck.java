package io.shipsync.sim;

/**
 * The result of the platform's URL verification GET ({@code signature, timestamp, nonce, echostr}): what the
 * callback answered and whether it echoed {@code echostr} verbatim, as the platform requires.
 */
public record CallbackCheck(String url, int httpStatus, String reply, boolean echoed, String error) {
}
