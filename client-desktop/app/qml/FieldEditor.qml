// One field of the form: its label, the editor its kind needs (a line, a text area, a list of
// choices, a date with a calendar, a person or record with completion, chips for a set), and the
// store's refusal of it in red beneath. Values go to the form model as typed.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Triad

ColumnLayout {
    id: field
    required property var form
    required property string name
    required property string label
    required property string editor
    required property string value
    required property var values
    required property var choices
    required property bool required
    required property string help
    required property string error
    required property string conflict
    required property bool fixed  // a child record's parent: shown, not edited

    objectName: "editor-" + name
    spacing: 2

    function takeFocus() { if (loader.item) loader.item.forceActiveFocus() }

    Label {
        text: field.label + (field.required ? " *" : "")
        font.pixelSize: TextSize.small
        opacity: 0.8
        Layout.topMargin: 8
    }

    Loader {
        id: loader
        enabled: !field.fixed
        Layout.fillWidth: true
        sourceComponent: field.editor === "long" ? longText
                       : field.editor === "choice" ? choice
                       : field.editor === "date" ? date
                       : field.editor === "chips" ? chips
                       : line
    }

    Label {
        objectName: "error-" + field.name
        visible: field.error !== ""
        text: field.error
        color: Material.color(Material.Red)
        wrapMode: Label.Wrap
        Layout.fillWidth: true
        Accessible.role: Accessible.AlertMessage
    }
    Label {
        objectName: "conflict-" + field.name
        visible: field.conflict !== ""
        text: field.conflict
        color: Material.color(Material.Orange)
        wrapMode: Label.Wrap
        Layout.fillWidth: true
    }

    Component {
        id: line
        TextField {
            objectName: "field-" + field.name
            text: field.value
            placeholderText: field.help
            Accessible.name: field.label
            Accessible.description: field.help
            inputMethodHints: field.editor === "number" ? Qt.ImhFormattedNumbersOnly : Qt.ImhNone
            onTextEdited: {
                field.form.setValue(field.name, text)
                if (field.editor === "reference") completion.offer(this, text, false)
            }
            Completion { id: completion; form: field.form; fieldName: field.name
                onPicked: (choice) => { parent.text = choice; field.form.setValue(field.name, choice) } }
        }
    }

    Component {
        id: longText
        TextArea {
            objectName: "field-" + field.name
            text: field.value
            placeholderText: field.help
            wrapMode: TextArea.Wrap
            Accessible.name: field.label
            Accessible.description: field.help
            implicitHeight: Math.max(120, contentHeight + topPadding + bottomPadding)
            // Only what the teacher types: the text area may rewrite a loaded text (line ends,
            // spaces), which is no edit.
            onTextChanged: if (activeFocus) field.form.setValue(field.name, text)
        }
    }

    Component {
        id: choice
        ComboBox {
            objectName: "field-" + field.name
            model: field.choices
            currentIndex: Math.max(0, field.choices.indexOf(field.value))
            displayText: currentText === "" ? qsTr("(none)") : currentText
            Accessible.name: field.label
            onActivated: field.form.setValue(field.name, currentText)
        }
    }

    Component {
        id: date
        RowLayout {
            function forceActiveFocus() { dateText.forceActiveFocus() }
            spacing: 4
            TextField {
                id: dateText
                objectName: "field-" + field.name
                text: field.value
                placeholderText: qsTr("YYYY-MM-DD")
                inputMethodHints: Qt.ImhDate
                Accessible.name: field.label
                Layout.fillWidth: true
                onTextEdited: field.form.setValue(field.name, text)
            }
            ToolButton {
                objectName: "pickDate-" + field.name
                icon.source: "qrc:/triad/icons/calendar.svg"
                implicitWidth: 48; implicitHeight: 48
                Accessible.name: qsTr("Pick the %1 on a calendar").arg(field.label.toLowerCase())
                onClicked: picker.openAt(dateText.text)
            }
            DatePicker {
                id: picker
                onPicked: (iso) => { dateText.text = iso; field.form.setValue(field.name, iso) }
            }
        }
    }

    Component {
        id: chips
        ColumnLayout {
            function forceActiveFocus() { entry.forceActiveFocus() }
            spacing: 4
            Flow {
                spacing: 6
                Layout.fillWidth: true
                visible: field.values.length > 0
                Repeater {
                    model: field.values
                    delegate: Chip {
                        required property string modelData
                        text: modelData
                        onRemoved: {
                            const kept = field.values.filter((v) => v !== modelData)
                            field.form.setValues(field.name, kept)
                        }
                    }
                }
            }
            TextField {
                id: entry
                objectName: "field-" + field.name
                placeholderText: qsTr("Add… (Enter)")
                Accessible.name: field.label
                Accessible.description: qsTr("Type a name and press Enter or a comma to add it")
                Layout.fillWidth: true
                // Adds what was typed, as the person or tag it names when one matches whatever
                // the case ("ben lee" is Ben Lee); once only.
                function add(text) {
                    let v = text.trim()
                    const known = field.form.suggestions(field.name, v)
                                       .find((s) => s.toLowerCase() === v.toLowerCase())
                    if (known !== undefined) v = known
                    if (v === "" || field.values.some((x) => x.toLowerCase() === v.toLowerCase())) {
                        entry.text = ""
                        return
                    }
                    field.form.setValues(field.name, field.values.concat([v]))
                    entry.text = ""
                    completion.close()
                }
                onTextEdited: {
                    if (text.endsWith(",")) add(text.slice(0, -1))  // a comma ends a chip too
                    else completion.offer(entry, text, true)
                }
                Keys.onReturnPressed: add(completion.visible && completion.current !== "" ? completion.current : text)
                Keys.onEnterPressed: add(text)
                Completion { id: completion; form: field.form; fieldName: field.name
                    onPicked: (choice) => entry.add(choice) }
            }
        }
    }
}
