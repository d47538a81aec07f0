package ai.enclave.data.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddSourceFormTest {

    private static AddSourceForm.Draft added(AddSourceForm form) {
        List<AddSourceForm.AddEvent> added = new ArrayList<>();
        form.addAddListener(added::add);
        form.add.click();
        assertThat(added).hasSize(1);
        return added.getFirst().draft();
    }

    @Test
    void adding_a_folder_fires_a_directory_source_with_its_root_and_globs() {
        AddSourceForm form = new AddSourceForm();
        form.name.setValue(" handbook ");
        form.path.setValue("/srv/docs/handbook");
        form.include.setValue("**/*.md, **/*.txt");

        AddSourceForm.Draft draft = added(form);

        assertThat(draft.name()).isEqualTo("handbook");
        assertThat(draft.type()).isEqualTo("directory");
        assertThat(draft.configJson())
                .isEqualTo("{\"root\":\"/srv/docs/handbook\",\"include\":[\"**/*.md\",\"**/*.txt\"],\"exclude\":[]}");
    }

    @Test
    void the_form_offers_every_connector_type_with_directory_chosen_first() {
        AddSourceForm form = new AddSourceForm();

        assertThat(form.type.getValue()).isEqualTo("directory");
        assertThat(AddSourceForm.TYPES).containsExactly("directory", "jsonl", "jdbc", "git", "web");
        assertThat(form.path.isVisible()).isTrue();
        assertThat(form.url.isVisible()).isFalse();
    }

    @Test
    void each_type_shows_its_own_fields_in_its_own_order_after_the_name_and_type() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("git");
        form.type.setValue("web");

        assertThat(form.getContent().getChildren().filter(Component::isVisible).limit(11))
                .containsExactly(
                        form.name,
                        form.type,
                        form.startUrls,
                        form.allowedHosts,
                        form.maxDepth,
                        form.maxPages,
                        form.include,
                        form.exclude,
                        form.delayMillis,
                        form.userAgent,
                        form.timeoutSeconds);
        assertThat(form.repository.isVisible()).isFalse();
    }

    @Test
    void a_jsonl_source_reads_its_path_text_field_and_id_field() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("jsonl");
        form.name.setValue("c4");
        form.path.setValue("/mnt/datasets/c4");
        form.textField.setValue("content.body");
        form.idField.setValue("id");

        AddSourceForm.Draft draft = added(form);

        assertThat(draft.type()).isEqualTo("jsonl");
        assertThat(draft.configJson())
                .isEqualTo("{\"path\":\"/mnt/datasets/c4\",\"textField\":\"content.body\",\"idField\":\"id\"}");
        assertThat(form.exclude.isVisible()).isFalse();
    }

    @Test
    void a_jdbc_source_has_its_connection_table_and_columns_with_the_password_as_typed() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("jdbc");
        form.name.setValue("helpdesk");
        form.url.setValue("jdbc:postgresql://db.internal:5432/support");
        form.user.setValue("enclave_reader");
        form.password.setValue(" s3cret ");
        form.table.setValue("public.tickets");
        form.textColumns.setValue("subject, body");
        form.idColumn.setValue("id");
        form.updatedAtColumn.setValue("updated_at");

        AddSourceForm.Draft draft = added(form);

        assertThat(draft.type()).isEqualTo("jdbc");
        assertThat(draft.configJson())
                .isEqualTo("{\"url\":\"jdbc:postgresql://db.internal:5432/support\",\"user\":\"enclave_reader\","
                        + "\"password\":\" s3cret \",\"table\":\"public.tickets\",\"textColumns\":[\"subject\",\"body\"],"
                        + "\"idColumn\":\"id\",\"updatedAtColumn\":\"updated_at\"}");
    }

    @Test
    void a_jdbc_source_from_a_query_leaves_out_the_table_and_an_empty_password() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("jdbc");
        form.url.setValue("jdbc:postgresql://db/support");
        form.query.setValue("select id, body from tickets");
        form.textColumns.setValue("body");
        form.idColumn.setValue("id");

        assertThat(added(form).configJson())
                .isEqualTo("{\"url\":\"jdbc:postgresql://db/support\",\"query\":\"select id, body from tickets\","
                        + "\"textColumns\":[\"body\"],\"idColumn\":\"id\"}");
    }

    @Test
    void a_jdbc_source_has_its_headings_metadata_columns_fetch_size_and_deletion_scan() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("jdbc");
        form.url.setValue("jdbc:postgresql://db/support");
        form.table.setValue("tickets");
        form.textColumns.setValue("subject, body");
        form.idColumn.setValue("id");
        form.headings.setValue("subject: Question\n\nbody: Answer: what we said");
        form.metadataColumns.setValue("author, product");
        form.fetchSize.setValue(2000);
        form.deletionScan.setValue(true);

        assertThat(added(form).configJson())
                .isEqualTo("{\"url\":\"jdbc:postgresql://db/support\",\"table\":\"tickets\","
                        + "\"textColumns\":[\"subject\",\"body\"],\"idColumn\":\"id\","
                        + "\"headings\":{\"subject\":\"Question\",\"body\":\"Answer: what we said\"},"
                        + "\"metadataColumns\":[\"author\",\"product\"],\"fetchSize\":2000,\"deletionScan\":true}");
    }

    @Test
    void a_fetch_size_below_one_and_a_heading_without_its_column_are_refused_on_their_fields_by_name() {
        AddSourceForm form = new AddSourceForm();
        List<AddSourceForm.AddEvent> added = new ArrayList<>();
        form.addAddListener(added::add);
        form.type.setValue("jdbc");
        form.textColumns.setValue("body");
        form.headings.setValue("subject: Question");
        form.fetchSize.setValue(0);

        form.add.click();

        assertThat(added).isEmpty();
        assertThat(form.fetchSize.isInvalid()).isTrue();
        assertThat(form.fetchSize.getErrorMessage()).isEqualTo("fetchSize: must be at least 1, got 0");
        assertThat(form.headings.isInvalid()).isTrue();
        assertThat(form.headings.getErrorMessage())
                .isEqualTo("headings: 'subject' is not one of the text columns [body]");

        form.headings.setValue("body Answer");
        form.fetchSize.clear();
        form.add.click();

        assertThat(form.fetchSize.isInvalid()).isFalse();
        assertThat(form.headings.getErrorMessage()).isEqualTo("headings: 'body Answer' is not 'column: heading'");
        assertThat(added).isEmpty();
    }

    @Test
    void a_web_source_has_its_delay_user_agent_and_timeout_and_a_negative_delay_is_refused_by_name() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("web");
        form.startUrls.setValue("https://wiki.corp.example/");
        form.delayMillis.setValue(250);
        form.userAgent.setValue("HandbookBot/2.0");
        form.timeoutSeconds.setValue(10);

        assertThat(added(form).configJson())
                .isEqualTo("{\"startUrls\":[\"https://wiki.corp.example/\"],\"delayMillis\":250,"
                        + "\"userAgent\":\"HandbookBot/2.0\",\"timeoutSeconds\":10}");

        List<AddSourceForm.CheckEvent> checks = new ArrayList<>();
        form.addCheckListener(checks::add);
        form.delayMillis.setValue(-1);
        form.timeoutSeconds.setValue(0);
        form.check.button.click();

        assertThat(checks).isEmpty();
        assertThat(form.delayMillis.getErrorMessage()).isEqualTo("delayMillis: must be at least 0, got -1");
        assertThat(form.timeoutSeconds.getErrorMessage()).isEqualTo("timeoutSeconds: must be at least 1, got 0");
    }

    @Test
    void a_git_source_has_its_repository_ref_globs_and_token() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("git");
        form.repository.setValue("https://git.internal/platform/payments.git");
        form.ref.setValue("main");
        form.exclude.setValue("**/testdata/**");
        form.username.setValue("enclave");
        form.token.setValue("glpat-123");
        form.maxFileBytes.setValue(262144);

        AddSourceForm.Draft draft = added(form);

        assertThat(draft.type()).isEqualTo("git");
        assertThat(draft.configJson())
                .isEqualTo("{\"repository\":\"https://git.internal/platform/payments.git\",\"ref\":\"main\","
                        + "\"exclude\":[\"**/testdata/**\"],\"username\":\"enclave\",\"token\":\"glpat-123\","
                        + "\"maxFileBytes\":262144}");
    }

    @Test
    void a_git_source_refuses_a_largest_file_below_one_byte_naming_the_field() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("git");
        form.repository.setValue("/srv/git/payments.git");
        form.maxFileBytes.setValue(0);

        assertThat(form.valid()).isFalse();
        assertThat(form.maxFileBytes.isInvalid()).isTrue();
        assertThat(form.maxFileBytes.getErrorMessage()).isEqualTo("maxFileBytes: must be at least 1, got 0");
    }

    @Test
    void a_web_source_has_its_start_urls_hosts_limits_and_regexes_with_commas_kept() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("web");
        form.startUrls.setValue("https://wiki.corp.example/, https://docs.corp.example/start");
        form.allowedHosts.setValue("wiki.corp.example *.docs.corp.example");
        form.maxDepth.setValue(3);
        form.maxPages.setValue(200);
        form.include.setValue("/handbook/ /v[0-9]{1,2}/");

        AddSourceForm.Draft draft = added(form);

        assertThat(draft.type()).isEqualTo("web");
        assertThat(draft.configJson())
                .isEqualTo("{\"startUrls\":[\"https://wiki.corp.example/\",\"https://docs.corp.example/start\"],"
                        + "\"allowedHosts\":[\"wiki.corp.example\",\"*.docs.corp.example\"],\"maxDepth\":3,"
                        + "\"maxPages\":200,\"include\":[\"/handbook/\",\"/v[0-9]{1,2}/\"]}");
    }

    @Test
    void a_web_source_without_limits_leaves_them_to_the_connector() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("web");
        form.startUrls.setValue("https://wiki.corp.example/");

        assertThat(added(form).configJson()).isEqualTo("{\"startUrls\":[\"https://wiki.corp.example/\"]}");
    }

    @Test
    void secrets_are_typed_into_password_fields_and_emptied_after_adding() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("jdbc");
        form.password.setValue("s3cret");
        form.type.setValue("git");
        form.token.setValue("glpat-123");

        form.clear();

        assertThat(form.password).isInstanceOf(com.vaadin.flow.component.textfield.PasswordField.class);
        assertThat(form.token).isInstanceOf(com.vaadin.flow.component.textfield.PasswordField.class);
        assertThat(form.password.getValue()).isEmpty();
        assertThat(form.token.getValue()).isEmpty();
        assertThat(form.type.getValue()).isEqualTo("git");
    }

    @Test
    void test_connection_fires_the_config_as_typed_and_shows_the_answer() {
        AddSourceForm form = new AddSourceForm();
        List<AddSourceForm.CheckEvent> checks = new ArrayList<>();
        form.addCheckListener(checks::add);
        form.path.setValue("/srv/docs");

        form.check.button.click();
        form.check.checking();
        boolean waiting = form.check.button.isEnabled();
        form.check.show(new SourceChecks.Result(false, "/srv/docs: no such directory"));

        assertThat(checks).hasSize(1);
        assertThat(checks.getFirst().draft().configJson()).contains("\"root\":\"/srv/docs\"");
        assertThat(waiting).isFalse();
        assertThat(form.check.button.isEnabled()).isTrue();
        assertThat(form.check.result.getText()).isEqualTo("Failed: /srv/docs: no such directory");
        assertThat(form.check.result.getElement().getAttribute("data-ok")).isEqualTo("false");
    }

    @Test
    void a_refusal_naming_the_folder_is_shown_on_the_folder_field() {
        AddSourceForm form = new AddSourceForm();

        boolean shown = form.showRefusal("config.root must be an absolute path, not docs");

        assertThat(shown).isTrue();
        assertThat(form.path.isInvalid()).isTrue();
        assertThat(form.path.getErrorMessage()).isEqualTo("config.root must be an absolute path, not docs");
        assertThat(form.name.isInvalid()).isFalse();
    }

    @Test
    void a_refusal_naming_a_jdbc_field_is_shown_on_that_field() {
        AddSourceForm form = new AddSourceForm();
        form.type.setValue("jdbc");

        assertThat(form.showRefusal("config.url is missing")).isTrue();
        assertThat(form.url.isInvalid()).isTrue();
    }

    @Test
    void a_taken_name_is_shown_on_the_name_field_and_other_refusals_are_left_to_the_page() {
        AddSourceForm form = new AddSourceForm();

        assertThat(form.showRefusal("a data source named \"handbook\" already exists"))
                .isTrue();
        assertThat(form.name.isInvalid()).isTrue();
        assertThat(form.showRefusal("type must be one of [directory, jsonl]")).isFalse();
    }
}
