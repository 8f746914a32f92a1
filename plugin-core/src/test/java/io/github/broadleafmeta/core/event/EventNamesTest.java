package io.github.broadleafmeta.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventNamesTest {

    @Test
    void shouldRefuseStandardNameInOtherCaseNamingTheStandardOne() {
        assertThatThrownBy(() -> EventNames.requireTrackable("purchase"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"purchase\" is not a standard event name")
                .hasMessageContaining("use \"Purchase\"");
        assertThatThrownBy(() -> EventNames.requireTrackable("LEAD")).hasMessageContaining("use \"Lead\"");
    }

    @Test
    void shouldAcceptStandardAndCustomNamesWhenTrackable() {
        assertThat(EventNames.requireTrackable("Contact")).isEqualTo("Contact");
        assertThat(EventNames.requireTrackable("ViewCategory")).isEqualTo("ViewCategory");
        assertThat(EventNames.requireTrackable("Gift_Card_Checked")).isEqualTo("Gift_Card_Checked");
    }

    @Test
    void shouldRefuseInvalidCustomNameWhenTrackable() {
        assertThatThrownBy(() -> EventNames.requireTrackable("Bad-Name"))
                .hasMessageContaining("may contain only letters");
        assertThatThrownBy(() -> EventNames.requireTrackable(null)).hasMessageContaining("event_name is required");
    }
}
