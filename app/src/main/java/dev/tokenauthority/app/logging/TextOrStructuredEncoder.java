package dev.tokenauthority.app.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.Charset;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The console's encoder: Boot's text pattern when {@code format} is {@code text}, otherwise Boot's structured
 * (JSON) encoder in that format ({@code ecs}, {@code logstash}, {@code gelf}). One appender for both, because
 * logback's configuration cannot choose between appenders by a property without a scripting library.
 */
public class TextOrStructuredEncoder extends EncoderBase<ILoggingEvent> {

    private String format = "text";
    private String pattern;
    private Charset charset;
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format == null || format.isBlank() ? "text" : format.trim();
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    @Override
    public void start() {
        if (format.equals("text")) {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(getContext());
            text.setPattern(pattern);
            text.setCharset(charset);
            delegate = text;
        } else {
            StructuredLogEncoder structured = new StructuredLogEncoder();
            structured.setContext(getContext());
            structured.setFormat(format);
            structured.setCharset(charset);
            delegate = structured;
        }
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
