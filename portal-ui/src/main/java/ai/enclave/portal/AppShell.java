package ai.enclave.portal;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The page shell every view renders into: Lumo plus the few product styles in
 * {@code src/main/webapp/styles/enclave.css}. Loaded as stylesheets so the prebuilt production
 * bundle is used as is (no node, no npm at build time). Server push carries live training progress
 * and streamed chat replies to the page without reloading.
 */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/enclave.css")
@Meta(name = "viewport", content = "width=device-width, initial-scale=1")
public class AppShell implements AppShellConfigurator {}
