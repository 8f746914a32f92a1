package io.github.broadleafmeta.core.broadleaf31.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.broadleafmeta.core.alert.AlertMessage;
import io.github.broadleafmeta.core.alert.AlertRules;
import io.github.broadleafmeta.core.alert.AlertSettings;
import java.time.Instant;
import java.util.Arrays;
import javax.mail.Message;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The e-mail channel through a Spring JavaMailSenderImpl, as Broadleaf's blMailSender is, into GreenMail. */
class MailAlertChannelTest {

    private GreenMail smtp;
    private JavaMailSenderImpl blMailSender;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        blMailSender = new JavaMailSenderImpl();
        blMailSender.setHost("127.0.0.1");
        blMailSender.setPort(smtp.getSmtp().getPort());
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    @Test
    void shouldMailEveryRecipientTheAlertSubjectAndText() throws Exception {
        AlertSettings settings = AlertSettings.builder().emailTo(Arrays.asList("ops@example.com", "oncall@example.com"))
                .emailFrom("alerts@shop.example.com").build();
        AlertMessage message = new AlertMessage(AlertMessage.Kind.ENDED, AlertRules.CREDENTIALS_HELD,
                "Events held for credentials", "111111111111111", Instant.parse("2026-12-07T08:00:00Z"),
                Instant.parse("2026-12-07T08:42:00Z"), "no event held for credentials");
        MailAlertChannel channel = new MailAlertChannel(blMailSender);
        assertThat(channel.configured(settings)).isTrue();

        channel.send(message, settings);

        assertThat(smtp.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getSubject())
                .isEqualTo("[Meta CAPI] RESOLVED pixel 111111111111111: Events held for credentials");
        assertThat(received[0].getFrom()[0].toString()).isEqualTo("alerts@shop.example.com");
        assertThat(Arrays.stream(received[0].getRecipients(Message.RecipientType.TO)).map(Object::toString))
                .containsExactly("ops@example.com", "oncall@example.com");
        assertThat(GreenMailUtil.getBody(received[0])).contains("From 2026-12-07T08:00:00Z to 2026-12-07T08:42:00Z (42 min)");
    }

    @Test
    void shouldNotBeConfiguredWithoutRecipients() {
        assertThat(new MailAlertChannel(blMailSender).configured(AlertSettings.builder().build())).isFalse();
    }
}
