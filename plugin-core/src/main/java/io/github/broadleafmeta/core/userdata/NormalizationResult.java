package io.github.broadleafmeta.core.userdata;

import io.github.broadleafmeta.core.event.UserData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What {@link UserDataNormalizer#normalize(CustomerInfo)} produced: hashed user data and the values it left out. */
public final class NormalizationResult {

    private final UserData userData;
    private final List<DroppedField> dropped;

    NormalizationResult(UserData userData, List<DroppedField> dropped) {
        this.userData = userData;
        this.dropped = dropped.isEmpty() ? Collections.<DroppedField>emptyList()
                : Collections.unmodifiableList(new ArrayList<DroppedField>(dropped));
    }

    public UserData userData() {
        return userData;
    }

    /** One entry per rejected value (a list field may contribute several), in field order. */
    public List<DroppedField> dropped() {
        return dropped;
    }

    @Override
    public String toString() {
        return "NormalizationResult{" + userData + ", dropped=" + dropped + "}";
    }
}
