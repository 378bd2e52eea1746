package dev.tokenauthority.query.usage;

import dev.tokenauthority.events.readmodel.FindToken;
import dev.tokenauthority.events.readmodel.FindTokensMatching;
import dev.tokenauthority.events.readmodel.MatchingToken;
import dev.tokenauthority.events.readmodel.TokenView;
import dev.tokenauthority.query.catalogue.TokenCatalogue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** The command side's questions about tokens, answered from the catalogue and, for a token's view, its usage. */
@Component
class TokenQueries {

    /** The most candidates an {@code unusedSince} question reads before it looks at their use. */
    private static final int MAX_CANDIDATES = 100_000;

    private final TokenCatalogue catalogue;
    private final TokenUsage usage;

    TokenQueries(TokenCatalogue catalogue, TokenUsage usage) {
        this.catalogue = catalogue;
        this.usage = usage;
    }

    @QueryHandler
    Optional<TokenView> handle(FindToken query) {
        return catalogue.find(query.projectId(), query.regionId(), query.instanceId(), query.tokenId())
                .map(usage::addTo);
    }

    /** With {@code unusedSince}: the catalogue's candidates (a larger set), then only those unused since. */
    @QueryHandler
    List<MatchingToken> handle(FindTokensMatching query) {
        FindTokensMatching candidates = query.unusedSince() == null ? query : new FindTokensMatching(query.projectId(),
                query.regionId(), query.instanceId(), query.labels(), query.namePrefix(), query.unusedSince(), MAX_CANDIDATES);
        List<MatchingToken> found = catalogue.matching(candidates);
        Map<String, TokenUsage.Usage> used = usage.of(found.stream().map(MatchingToken::tokenId).toList());
        return found.stream()
                .map(token -> used.containsKey(token.tokenId()) ? token.withLastUsedAt(used.get(token.tokenId()).lastUsedAt()) : token)
                .filter(token -> query.unusedSince() == null || token.lastUsedAt() == null
                        || token.lastUsedAt().isBefore(query.unusedSince()))
                .limit(query.limit() + 1L)
                .toList();
    }
}
