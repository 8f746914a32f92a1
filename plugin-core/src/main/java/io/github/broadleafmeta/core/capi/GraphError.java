package io.github.broadleafmeta.core.capi;

/**
 * The {@code error} object of a Graph API error response, or a locally produced description of a transport failure
 * (then {@code code} is {@code null} and {@code type} names the failure, e.g. {@code connect_timeout}).
 * Contains Meta's messages, never the request payload or the token.
 */
public final class GraphError {

    private final Integer code;
    private final Integer subcode;
    private final String type;
    private final String message;
    private final String userTitle;
    private final String userMessage;
    private final Boolean isTransient;

    public GraphError(Integer code, Integer subcode, String type, String message, String userTitle,
            String userMessage, Boolean isTransient) {
        this.code = code;
        this.subcode = subcode;
        this.type = type;
        this.message = message;
        this.userTitle = userTitle;
        this.userMessage = userMessage;
        this.isTransient = isTransient;
    }

    /** A failure that happened before Meta answered (connection refused, timeout, reset, garbage body). */
    public static GraphError local(String type, String message) {
        return new GraphError(null, null, type, message, null, null, null);
    }

    public Integer code() {
        return code;
    }

    public Integer subcode() {
        return subcode;
    }

    public String type() {
        return type;
    }

    public String message() {
        return message;
    }

    public String userTitle() {
        return userTitle;
    }

    public String userMessage() {
        return userMessage;
    }

    public Boolean isTransient() {
        return isTransient;
    }

    /** One line for logs and the admin: code, subcode, type and Meta's messages. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (code != null) {
            sb.append("code ").append(code);
            if (subcode != null) {
                sb.append('/').append(subcode);
            }
            sb.append(": ");
        }
        if (type != null) {
            sb.append('[').append(type).append("] ");
        }
        if (message != null) {
            sb.append(message);
        }
        if (userTitle != null || userMessage != null) {
            sb.append(" (").append(userTitle == null ? "" : userTitle)
                    .append(userTitle != null && userMessage != null ? ": " : "")
                    .append(userMessage == null ? "" : userMessage).append(')');
        }
        return sb.toString().trim();
    }

    @Override
    public String toString() {
        return "GraphError{" + summary() + "}";
    }
}
