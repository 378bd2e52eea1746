package dev.tokenauthority.app.config;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.tokenauthority.query.webhook.DeliveryAttempts;
import dev.tokenauthority.query.webhook.DeliveryQueue;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Webhook deliveries wait in db-scheduler's table, beside the expiry deadlines: one execution per delivery (its
 * id the delivery's), scheduled in the transaction of the event that made it, run by one node of a cluster at a
 * time, revived on another if that node dies mid-attempt, and rescheduled by the attempt itself for its backoff
 * (a failed attempt is not a failed task: nothing for db-scheduler's failure handling to log or retry).
 */
@Configuration(proxyBeanMethods = false)
class WebhookDeliverySchedule {

    static final String TASK = "webhook-delivery";

    @Bean
    CustomTask<Void> webhookDeliveryTask(DeliveryAttempts attempts) {
        return Tasks.custom(TASK, Void.class).execute((instance, context) -> {
            Optional<Instant> next = attempts.attempt(instance.getId());
            return next.<CompletionHandler<Void>>map(at -> (complete, operations) -> operations.reschedule(complete, at))
                    .orElseGet(CompletionHandler.OnCompleteRemove::new);
        });
    }

    @Bean
    DeliveryQueue deliveryQueue(ObjectProvider<SchedulerClient> scheduler, CustomTask<Void> webhookDeliveryTask) {
        // The scheduler is built from the tasks, this one among them: looked up when the first delivery is queued.
        return (deliveryId, at) -> scheduler.getObject().scheduleIfNotExists(webhookDeliveryTask.instance(deliveryId), at);
    }
}
