package ai.enclave.api.openai;

import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A deployed model as OpenAI's {@code model} object: its id is the deployment's name, the name
 * clients pass as {@code model}. Writes JSON text only.
 *
 * @param id the deployment name, e.g. "handbook-chat"
 * @param created when it was deployed
 */
record ModelJson(String id, Instant created) {

    static final String OWNER = "enclave";

    String text() {
        return Json.text(node());
    }

    /** {@code {"object":"list","data":[...]}} in the order given. */
    static String list(List<ModelJson> models) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        models.forEach(model -> data.add(model.node()));
        return Json.text(root);
    }

    private ObjectNode node() {
        ObjectNode model = Json.MAPPER.createObjectNode();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", created.getEpochSecond());
        model.put("owned_by", OWNER);
        return model;
    }
}
