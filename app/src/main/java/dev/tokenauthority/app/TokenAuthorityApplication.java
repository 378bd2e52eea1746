package dev.tokenauthority.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The one-process Token Authority: command side and query side in one JVM, on an H2 file under the data
 * directory ({@code --token-authority.data-dir}, default {@code ./data}).
 */
@SpringBootApplication(scanBasePackages = "dev.tokenauthority")
@ConfigurationPropertiesScan("dev.tokenauthority")
public class TokenAuthorityApplication {

    public static void main(String[] args) {
        SpringApplication.run(TokenAuthorityApplication.class, args);
    }
}
