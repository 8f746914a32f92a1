package io.github.broadleafmeta.core.event;

/** Where the conversion happened ({@code action_source}). */
public enum ActionSource {
    WEBSITE("website"),
    APP("app"),
    EMAIL("email"),
    PHONE_CALL("phone_call"),
    CHAT("chat"),
    PHYSICAL_STORE("physical_store"),
    SYSTEM_GENERATED("system_generated"),
    OTHER("other");

    private final String wireName;

    ActionSource(String wireName) {
        this.wireName = wireName;
    }

    /** The value Meta expects, e.g. {@code physical_store}. */
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static ActionSource fromWireName(String wireName) {
        for (ActionSource s : values()) {
            if (s.wireName.equals(wireName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown action_source: " + wireName);
    }
}
