package dev.xmppd.im.adhoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.testing.TestXml;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0004 forms: reading the XEP's examples, writing and reading back. */
class DataFormTest {

    @Test
    void readsASubmittedFormWithMultiValues() {
        DataForm form = DataForm.parse(TestXml.parse("""
                <x xmlns='jabber:x:data' type='submit'>
                  <field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/admin</value></field>
                  <field var='accountjids'><value>juliet@shakespeare.lit</value><value>romeo@shakespeare.lit</value></field>
                  <field var='empty'/>
                </x>"""));

        assertThat(form.type()).isEqualTo(DataForm.Type.SUBMIT);
        assertThat(form.formType()).isEqualTo("http://jabber.org/protocol/admin");
        assertThat(form.values("accountjids")).containsExactly("juliet@shakespeare.lit", "romeo@shakespeare.lit");
        assertThat(form.value("empty")).isNull();
        assertThat(form.values("absent")).isEmpty();
    }

    @Test
    void writesWhatItReads() {
        DataForm form = DataForm.form("urn:test", "Title", "Fill it in.",
                FormField.of(FormField.JID_SINGLE, "accountjid", "JID").asRequired(),
                FormField.of(FormField.LIST_SINGLE, "max", "Max").withOptions(List.of(
                        new FormField.Option("Ten", "10"), new FormField.Option(null, "none")))
                        .withValues(List.of("10")));

        String xml = form.toElement().toXml();
        DataForm back = DataForm.parse(TestXml.parse(xml));

        assertThat(back).isEqualTo(form);
        assertThat(xml).contains("<field var='FORM_TYPE' type='hidden'><value>urn:test</value></field>")
                .contains("<required/>").contains("<option label='Ten'><value>10</value></option>");
    }

    @Test
    void refusesWhatIsNotAForm() {
        assertThatThrownBy(() -> DataForm.parse(TestXml.parse("<x xmlns='jabber:x:data' type='odd'/>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd");
        assertThatThrownBy(() -> DataForm.parse(TestXml.parse("<x xmlns='urn:other' type='form'/>")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
