package io.github.broadleafmeta.core.broadleaf31.alert;

import io.github.broadleafmeta.core.alert.AlertChannel;
import io.github.broadleafmeta.core.alert.AlertMessage;
import io.github.broadleafmeta.core.alert.AlertSettings;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Alerts as plain-text e-mail through Broadleaf's own mail sender, bean {@code blMailSender} (the
 * {@code JavaMailSenderImpl} a Broadleaf site configures with its SMTP host, port and credentials; Broadleaf's
 * {@code EmailService} sends through it too). Not through {@code blEmailService} itself: that needs a template
 * message creator, which is a {@code NullMessageCreator} that only logs unless the site replaced it, and it writes
 * e-mail tracking rows. Recipients: setting {@code meta.alert.emailTo}; sender: {@code meta.alert.emailFrom}.
 */
public class MailAlertChannel implements AlertChannel {

    private final JavaMailSender mailSender;

    public MailAlertChannel(JavaMailSender mailSender) {
        this.mailSender = mailSender;
    }

    @Override
    public String name() {
        return "e-mail";
    }

    @Override
    public boolean configured(AlertSettings settings) {
        return mailSender != null && !settings.emailTo().isEmpty();
    }

    @Override
    public void send(AlertMessage message, AlertSettings settings) {
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(settings.emailFrom());
        mail.setTo(settings.emailTo().toArray(new String[0]));
        mail.setSubject(message.subject());
        mail.setText(message.text());
        mailSender.send(mail);
    }
}
