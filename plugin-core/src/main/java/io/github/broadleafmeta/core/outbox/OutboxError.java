package io.github.broadleafmeta.core.outbox;

import io.github.broadleafmeta.core.capi.GraphError;

/** The error recorded on a row: Meta's code, subcode and message, or a local reason. Never payload or token. */
public final class OutboxError {

    private final Integer code;
    private final Integer subcode;
    private final String message;
    private final String fbtraceId;

    public OutboxError(Integer code, Integer subcode, String message, String fbtraceId) {
        this.code = code;
        this.subcode = subcode;
        this.message = message;
        this.fbtraceId = fbtraceId;
    }

    /** A reason that did not come from Meta, e.g. "older than 7 days". */
    public static OutboxError reason(String message) {
        return new OutboxError(null, null, message, null);
    }

    public static OutboxError of(GraphError error, String fbtraceId) {
        if (error == null) {
            return new OutboxError(null, null, null, fbtraceId);
        }
        return new OutboxError(error.code(), error.subcode(), error.summary(), fbtraceId);
    }

    public Integer code() {
        return code;
    }

    public Integer subcode() {
        return subcode;
    }

    public String message() {
        return message;
    }

    public String fbtraceId() {
        return fbtraceId;
    }

    @Override
    public String toString() {
        return "OutboxError{code=" + code + ", subcode=" + subcode + ", message=" + message + ", fbtrace_id="
                + fbtraceId + "}";
    }
}
