package dev.tokenauthority.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A pooled connection closed twice is a connection touched after it went back to the pool, where another
 * thread may hold it already: each unit of work must close what it borrowed exactly once.
 */
class ConnectionProviderTests {

    private final CountingDataSource dataSource = new CountingDataSource();

    @Test
    void aUnitOfWorkInASpringTransactionClosesItsConnectionOnce() throws Exception {
        runTwoQueriesInAUnitOfWork(new AxonConfiguration().connectionProvider(dataSource));

        assertThat(dataSource.closesPerConnection()).containsExactly(1);
    }

    @Test
    void axonsDefaultWrapperClosesItAgainAfterTheTransactionReturnedIt() throws Exception {
        runTwoQueriesInAUnitOfWork(
                new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource)));

        assertThat(dataSource.closesPerConnection()).containsExactly(2);
    }

    private void runTwoQueriesInAUnitOfWork(ConnectionProvider connections) throws Exception {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(new SpringTransactionManager(new DataSourceTransactionManager(dataSource)));
        unitOfWork.executeWithResult(() -> {
            for (int i = 0; i < 2; i++) {
                try (Connection connection = connections.getConnection();
                     PreparedStatement select = connection.prepareStatement("SELECT 1")) {
                    select.executeQuery().close();
                }
            }
            return null;
        });
    }

    /** An H2 database whose connections count how often they are closed. */
    private static final class CountingDataSource extends DelegatingDataSource {

        private final Map<Connection, AtomicInteger> closes = new ConcurrentHashMap<>();

        CountingDataSource() {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            setTargetDataSource(h2);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection target = super.getConnection();
            AtomicInteger count = new AtomicInteger();
            Connection counted = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "close":
                                count.incrementAndGet();
                                break;
                            case "equals":
                                return proxy == args[0];
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            default:
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            closes.put(counted, count);
            return counted;
        }

        List<Integer> closesPerConnection() {
            return closes.values().stream().map(AtomicInteger::get).toList();
        }
    }
}
