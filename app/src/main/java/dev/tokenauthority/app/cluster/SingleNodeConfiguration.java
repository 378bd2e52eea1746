package dev.tokenauthority.app.cluster;

import dev.tokenauthority.command.web.OtherNodes;
import dev.tokenauthority.query.progress.NodeStanding;
import dev.tokenauthority.query.progress.ReadIndex;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded default (H2 file, one process): no other node to wait for, nothing that could fence this one. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${spring.datasource.url:}'.startsWith('jdbc:postgresql:')")
class SingleNodeConfiguration {

    @Bean
    NodeStanding nodeStanding() {
        return () -> true;
    }

    @Bean
    ReadIndex readIndex() {
        return ReadIndex.NONE;
    }

    @Bean
    OtherNodes otherNodes() {
        return (globalIndex, within) -> true;
    }
}
