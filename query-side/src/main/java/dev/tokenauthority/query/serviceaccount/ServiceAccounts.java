package dev.tokenauthority.query.serviceaccount;

import dev.tokenauthority.events.readmodel.FindServiceAccount;
import dev.tokenauthority.events.readmodel.ServiceAccountView;
import dev.tokenauthority.query.authlookup.AuthLookupModel;
import dev.tokenauthority.query.authlookup.ServiceAccountDirectory;
import dev.tokenauthority.query.paging.ListFilter;
import dev.tokenauthority.query.paging.Page;
import dev.tokenauthority.query.paging.PageRequest;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * A project's service accounts as the admin API shows them, read from this node's auth lookup: the same state
 * that authenticates their keys, so a listing never disagrees with what a key can do. Never a key nor its hash.
 */
@Component
public class ServiceAccounts {

    private final AuthLookupModel model;
    private final Clock clock;

    public ServiceAccounts(AuthLookupModel model, Clock clock) {
        this.model = model;
        this.clock = clock;
    }

    public List<ServiceAccountView> list(String projectId) {
        return model.live().serviceAccounts().list(projectId).stream().map(this::view).toList();
    }

    /** A page of {@link #list} in creation order, filtered by state and name prefix (all in memory: they are few). */
    public Page<ServiceAccountView> page(String projectId, ListFilter filter, PageRequest request) {
        List<ServiceAccountView> ordered = list(projectId).stream()
                .sorted(Comparator.comparing(ServiceAccountView::createdAt).thenComparing(ServiceAccountView::id)).toList();
        return Page.collect(request, (after, limit) -> ordered.stream().filter(view -> isAfter(view, after))
                        .limit(limit).toList(),
                view -> (filter.state() == null || filter.state().equals(view.state()))
                        && (filter.namePrefix() == null || view.name().startsWith(filter.namePrefix())),
                view -> new PageRequest.Cursor(view.createdAt(), view.id()));
    }

    private static boolean isAfter(ServiceAccountView view, PageRequest.Cursor cursor) {
        if (cursor == null) {
            return true;
        }
        int byTime = view.createdAt().compareTo(cursor.createdAt());
        return byTime > 0 || byTime == 0 && view.id().compareTo(cursor.id()) > 0;
    }

    public Optional<ServiceAccountView> find(String projectId, String serviceAccountId) {
        return model.live().serviceAccounts().find(projectId, serviceAccountId).map(this::view);
    }

    @QueryHandler
    Optional<ServiceAccountView> handle(FindServiceAccount query) {
        return find(query.projectId(), query.serviceAccountId());
    }

    private ServiceAccountView view(ServiceAccountDirectory.Account account) {
        return new ServiceAccountView(account.id(), account.projectId(), account.name(), account.description(),
                account.role().value(), account.isValidAt(clock.instant()) ? "active" : "inactive",
                account.createdAt(), account.validUntil(), account.lastRotatedAt());
    }
}
