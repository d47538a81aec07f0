package ai.enclave.api.openai;

import ai.enclave.apikey.service.ApiKeys;
import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.audit.service.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Who is calling the API: the owner of the API key in the {@code Authorization} header, checked by
 * {@link ApiKeys}. Refused calls are written to the audit log too, under the actor
 * {@value #ANONYMOUS}, so probing with guessed keys leaves a trace. The key itself is never logged.
 */
@ApplicationScoped
public class ApiCallers {

    /** The audit actor of a call without a valid key. */
    static final String ANONYMOUS = "anonymous";

    @Inject
    ApiKeys apiKeys;

    @Inject
    AuditLog auditLog;

    /**
     * @param action the audit action of the call, e.g. "api-chat-completion"
     * @return the OIDC subject of the key's owner
     * @throws OpenAiError 401 when the key is missing, unknown or revoked
     */
    String authenticate(String authorizationHeader, String action) {
        Optional<String> key = BearerKey.from(authorizationHeader);
        if (key.isEmpty()) {
            audit(ANONYMOUS, action, null, "no API key", AuditOutcome.DENIED);
            throw OpenAiError.invalidKey("You didn't provide an API key. Send it in an 'Authorization: Bearer <key>' "
                    + "header; you create keys in the portal, under your user menu, API keys.");
        }
        Optional<String> owner = apiKeys.authenticate(key.get());
        if (owner.isEmpty()) {
            audit(ANONYMOUS, action, null, "unknown or revoked API key", AuditOutcome.DENIED);
            throw OpenAiError.invalidKey("Incorrect API key provided, or the key was revoked. "
                    + "You can find and create your keys in the portal, under your user menu, API keys.");
        }
        return owner.get();
    }

    void audit(String subject, String action, String target, String detail, AuditOutcome outcome) {
        auditLog.record(subject, action, target, detail, outcome);
    }
}
