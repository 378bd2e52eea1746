package dev.tokenauthority.app.config;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.tokenauthority.query.expiry.ExpiryWarningSweep;
import dev.tokenauthority.query.expiry.OverdueExpirySweep;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the expiry sweeps as db-scheduler recurring tasks, in the same table as the expiry deadlines, on one node of a
 * cluster at a time, picked up by another if that node dies: the expiry-warning sweep every
 * {@code token-authority.expiry-warnings.sweep-interval} (30 s), the overdue-expiry sweep every
 * {@code token-authority.expiries.overdue-sweep-interval} (1 minute).
 */
@Configuration(proxyBeanMethods = false)
class ExpirySweepSchedule {

    @Bean
    RecurringTask<Void> expiryWarningSweepTask(ExpiryWarningSweep sweep,
                                               @Value("${token-authority.expiry-warnings.sweep-interval:30s}") Duration interval) {
        return Tasks.recurring("token-expiry-warning-sweep", Schedules.fixedDelay(interval))
                .execute((instance, context) -> sweep.sweep());
    }

    @Bean
    RecurringTask<Void> overdueExpirySweepTask(OverdueExpirySweep sweep,
                                               @Value("${token-authority.expiries.overdue-sweep-interval:1m}") Duration interval) {
        return Tasks.recurring("token-overdue-expiry-sweep", Schedules.fixedDelay(interval))
                .execute((instance, context) -> sweep.sweep());
    }
}
