package ai.enclave.data.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddSourceFormTest {

    @Test
    void adding_a_folder_fires_a_directory_source_with_its_root_and_globs() {
        AddSourceForm form = new AddSourceForm();
        List<AddSourceForm.AddEvent> added = new ArrayList<>();
        form.addAddListener(added::add);
        form.name.setValue(" handbook ");
        form.path.setValue("/srv/docs/handbook");
        form.include.setValue("**/*.md, **/*.txt");

        form.add.click();

        assertThat(added).hasSize(1);
        AddSourceForm.Draft draft = added.getFirst().draft();
        assertThat(draft.name()).isEqualTo("handbook");
        assertThat(draft.type()).isEqualTo("directory");
        assertThat(draft.configJson())
                .isEqualTo("{\"root\":\"/srv/docs/handbook\",\"include\":[\"**/*.md\",\"**/*.txt\"],\"exclude\":[]}");
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
    void a_taken_name_is_shown_on_the_name_field_and_other_refusals_are_left_to_the_page() {
        AddSourceForm form = new AddSourceForm();

        assertThat(form.showRefusal("a data source named \"handbook\" already exists"))
                .isTrue();
        assertThat(form.name.isInvalid()).isTrue();
        assertThat(form.showRefusal("type must be one of [directory, jsonl]")).isFalse();
    }
}
