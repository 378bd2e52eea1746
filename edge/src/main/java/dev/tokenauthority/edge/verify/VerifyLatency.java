package dev.tokenauthority.edge.verify;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code token_authority_verify_duration_seconds{endpoint, status}}: how long verify and the gateway's auth take,
 * as a histogram (0.25 ms to 1 s), measured around the whole request in the service. These two are on the path
 * of every request of every protected app, so they are not in Spring's {@code http_server_requests}: its
 * observation, with a meter looked up by tags on every request, took 8-10 % of verify's throughput here
 * (bench/README.md, "Metrics on the verify path"); these timers are made once and only recorded into.
 */
@Configuration(proxyBeanMethods = false)
class VerifyLatency {

    static final String VERIFY = "/v1alpha/verify";
    static final String GATEWAY_AUTH = "/v1alpha/gateway/auth";
    private static final int[] STATUSES = {200, 204, 400, 401, 403, 429, 503};

    @Bean
    ObservationPredicate noServerObservationOnTheVerifyPath() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && isTimedHere(request.getCarrier().getRequestURI()));
    }

    @Bean
    TimingFilter verifyTimingFilter(MeterRegistry registry) {
        return new TimingFilter(registry);
    }

    static boolean isTimedHere(String uri) {
        return VERIFY.equals(uri) || GATEWAY_AUTH.equals(uri);
    }

    /** Runs first, so the time includes the rest of the filters; one pre-made timer per endpoint and status. */
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    static final class TimingFilter extends OncePerRequestFilter {

        private final Timer[] verify;
        private final Timer[] gatewayAuth;

        TimingFilter(MeterRegistry registry) {
            this.verify = timers(registry, "verify");
            this.gatewayAuth = timers(registry, "gateway_auth");
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !isTimedHere(request.getRequestURI());
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long started = System.nanoTime();
            try {
                chain.doFilter(request, response);
            } finally {
                Timer[] timers = VERIFY.equals(request.getRequestURI()) ? verify : gatewayAuth;
                timers[slot(response.getStatus())].record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        }

        private static int slot(int status) {
            for (int i = 0; i < STATUSES.length; i++) {
                if (STATUSES[i] == status) {
                    return i;
                }
            }
            return STATUSES.length;
        }

        private static Timer[] timers(MeterRegistry registry, String endpoint) {
            Timer[] timers = new Timer[STATUSES.length + 1];
            for (int i = 0; i <= STATUSES.length; i++) {
                timers[i] = Timer.builder("token_authority.verify.duration")
                        .description("Time to answer verify or the gateway's auth, in the service")
                        .tag("endpoint", endpoint).tag("status", i < STATUSES.length ? Integer.toString(STATUSES[i]) : "other")
                        .serviceLevelObjectives(Duration.ofMillis(1).dividedBy(4), Duration.ofMillis(1).dividedBy(2),
                                Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
                                Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
                                Duration.ofMillis(250), Duration.ofSeconds(1))
                        .register(registry);
            }
            return timers;
        }
    }
}
