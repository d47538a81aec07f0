package ai.enclave.portal.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The portal's JSON API lives under {@code /api}; the OpenAI-compatible API will get its own root. */
@ApplicationPath("/api")
public class RestApplication extends Application {}
