package dev.tokenauthority.app.config;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.tokenauthority.query.expiry.ExpiryWarningSweep;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the expiry-warning sweep every {@code token-authority.expiry-warnings.sweep-interval} (30 s) as a db-scheduler
 * recurring task: in the same table as the expiry deadlines, on one node of a cluster at a time, picked up by another
 * if that node dies.
 */
@Configuration(proxyBeanMethods = false)
class ExpiryWarningSchedule {

    @Bean
    RecurringTask<Void> expiryWarningSweepTask(ExpiryWarningSweep sweep,
                                               @Value("${token-authority.expiry-warnings.sweep-interval:30s}") Duration interval) {
        return Tasks.recurring("token-expiry-warning-sweep", Schedules.fixedDelay(interval))
                .execute((instance, context) -> sweep.sweep());
    }
}
