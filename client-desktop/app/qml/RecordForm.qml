// The open record's form, generated from its type's fields: one editor per field, who can see
// it, Save as PDF (an observation, a lesson study), the records that belong to it (a log's
// entries) with a button to add one, Save and Delete (Discard for a new record). The store's
// refusal is shown under the field it names. A saved record also has its Changes: who changed
// each field last, when and on which device.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Triad

Page {
    id: root
    required property var form
    required property var session
    readonly property bool showingChanges: tabs.visible && tabs.currentIndex === 1
    padding: 0

    // Another record opens on its Details; the same one read again (after a sync) stays on its tab.
    property string shownId: ""
    Connections {
        target: root.form
        function onLoaded() {
            if (root.form.recordId !== root.shownId) tabs.currentIndex = 0
            root.shownId = root.form.recordId
        }
    }

    header: TabBar {
        id: tabs
        objectName: "formTabs"
        visible: root.form.active && !root.form.isNew
        TabButton { objectName: "detailsTab"; text: qsTr("Details") }
        TabButton { objectName: "changesTab"; text: qsTr("Changes") }
    }

    ChangeList {
        objectName: "changeList"
        visible: root.showingChanges
        anchors.fill: parent
        history: root.session.history
    }

    function focusFirstField() { focusTimer.restart() }
    // Here, not in the button: the new form replaces the button that asked.
    function addChild(type) { if (session.startChild(type)) focusFirstField() }
    Timer {
        id: focusTimer
        interval: 0
        onTriggered: {
            const first = fields.itemAt(0)
            if (first) first.takeFocus()
        }
    }

    Column {
        objectName: "formEmptyState"
        visible: !root.form.active
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 380)
        spacing: 12
        Label {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Label.Wrap
            font.pixelSize: TextSize.large
            text: root.form.message !== "" ? root.form.message : qsTr("Pick a record to read or change it.")
        }
        Label {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Label.Wrap
            opacity: 0.7
            text: qsTr("Or press + (Ctrl+N) to record a new lesson observation.")
        }
    }

    ScrollView {
        id: scroll
        objectName: "formScroll"
        visible: root.form.active && !root.showingChanges
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: scroll.availableWidth
            spacing: 4

            Label {
                text: root.form.title
                font.pixelSize: TextSize.heading
                font.weight: Font.Medium
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                Layout.margins: 16
                Layout.bottomMargin: 4
            }

            Repeater {
                id: fields
                model: root.form
                delegate: FieldEditor {
                    form: root.form
                    Layout.fillWidth: true
                    Layout.leftMargin: 16
                    Layout.rightMargin: 16
                }
            }

            Label {
                text: qsTr("Who can see this")
                font.pixelSize: TextSize.small
                opacity: 0.8
                Layout.leftMargin: 16
                Layout.topMargin: 8
            }
            ComboBox {
                objectName: "audience"
                Accessible.name: qsTr("Who can see this")
                model: root.form.audiences
                currentIndex: root.form.audience
                onActivated: root.form.audience = currentIndex
                Layout.leftMargin: 16
                Layout.preferredWidth: 260
            }
            Label {
                text: root.form.isNew ? qsTr("It can be shared more widely later, never less.")
                                      : qsTr("Only wider: who could see it already may have it.")
                opacity: 0.6
                font.pixelSize: TextSize.caption
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                Layout.leftMargin: 16
                Layout.rightMargin: 16
            }

            // An observation or a lesson study on paper, for the observed teacher's file: saved
            // as a PDF in Documents (no file picker: Debian's Qt lacks the dialogs module), and
            // where it went said below the button.
            Button {
                objectName: "saveAsPdf"
                visible: !root.form.isNew && root.session.paperTypes.indexOf(root.form.type) >= 0
                text: qsTr("Save as PDF")
                icon.source: "qrc:/triad/icons/print.svg"
                flat: true
                implicitHeight: 48
                Layout.leftMargin: 8
                Layout.topMargin: 8
                Accessible.name: qsTr("Save as PDF for printing, in your Documents folder")
                onClicked: root.session.saveAsPdf()
            }
            Label {
                objectName: "paperMessage"
                visible: text !== "" && !root.form.isNew
                text: root.session.paperMessage
                textFormat: Text.PlainText
                color: text.startsWith(qsTr("Not saved")) ? Material.color(Material.Red) : Material.foreground
                wrapMode: Label.WrapAtWordBoundaryOrAnywhere
                Layout.fillWidth: true
                Layout.leftMargin: 16
                Layout.rightMargin: 16
            }

            // The records that belong to this one (a learning log's entries, a lesson study's
            // cycles), and a button to add each kind.
            Label {
                visible: root.form.childTypes.length > 0
                text: qsTr("In this %1").arg(root.form.title.toLowerCase())
                font.pixelSize: TextSize.large
                font.weight: Font.Medium
                Layout.leftMargin: 16
                Layout.topMargin: 16
            }
            Label {
                visible: root.form.childTypes.length > 0 && root.form.children.length === 0
                text: qsTr("Nothing yet.")
                opacity: 0.6
                Layout.leftMargin: 16
            }
            Repeater {
                model: root.form.children
                delegate: ItemDelegate {
                    required property var modelData
                    objectName: "child-" + modelData.id
                    text: modelData.text
                    Layout.fillWidth: true
                    Layout.leftMargin: 8
                    Layout.rightMargin: 8
                    Accessible.name: modelData.text
                    onClicked: root.session.openRecord(modelData.id)
                }
            }
            Flow {
                visible: root.form.childTypes.length > 0
                spacing: 8
                Layout.fillWidth: true
                Layout.leftMargin: 16
                Layout.rightMargin: 16
                Repeater {
                    model: root.form.childTypes
                    delegate: Button {
                        required property var modelData
                        objectName: "add-" + modelData.name
                        text: qsTr("Add %1").arg(modelData.title.toLowerCase())
                        icon.source: "qrc:/triad/icons/add.svg"
                        flat: true
                        implicitHeight: 48
                        onClicked: root.addChild(modelData.name)
                    }
                }
            }
            Item { implicitHeight: 16 }
        }
    }

    // Save stays in view whatever the screen's height (a phone, a laptop at 1024x600).
    footer: ToolBar {
        objectName: "formActions"
        visible: root.form.active && !root.showingChanges
        Material.background: Material.theme === Material.Dark ? "#1e272c" : "#f4f6f8"
        Material.elevation: 0
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            spacing: 12
            Button {
                objectName: "save"
                text: qsTr("Save")
                icon.source: "qrc:/triad/icons/done.svg"
                Material.foreground: "white"
                background: Rectangle {
                    implicitWidth: 112
                    radius: 4
                    color: parent.down ? Qt.darker("#24527a", 1.3) : "#24527a"
                }
                implicitHeight: 52
                Accessible.name: qsTr("Save (Ctrl+S)")
                onClicked: root.form.save()
            }
            Button {
                objectName: "delete"
                visible: !root.form.isNew
                text: qsTr("Delete")
                icon.source: "qrc:/triad/icons/delete.svg"
                flat: true
                implicitHeight: 52
                onClicked: confirmDelete.open()
            }
            Button {
                objectName: "discard"
                visible: root.form.isNew
                text: qsTr("Discard")
                flat: true
                implicitHeight: 52
                Accessible.name: qsTr("Discard this new record")
                onClicked: root.session.discardNew()
            }
            Label {
                objectName: "formMessage"
                text: root.form.message
                color: text.startsWith(qsTr("Not saved")) ? Material.color(Material.Red) : Material.foreground
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
        }
    }

    Dialog {
        id: confirmDelete
        objectName: "confirmDelete"
        title: qsTr("Delete this record?")
        anchors.centerIn: parent
        modal: true
        Material.elevation: 0
        background: Rectangle {
            color: root.Material.dialogColor
            radius: 4
            border.color: "#9aa5b1"
        }
        standardButtons: Dialog.Cancel | Dialog.Yes
        implicitWidth: Math.min(root.width - 48, 468)  // fixed here, not from the wrapped text
        Label {
            width: Math.min(root.width - 96, 420)
            wrapMode: Label.Wrap
            text: qsTr("It is deleted on every device at the next sync, with the records it holds. Its text is erased, not kept.")
        }
        onAccepted: root.form.remove()
    }
}
