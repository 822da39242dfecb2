// The open record's form, generated from its type's fields: one editor per field, who can see
// it, Save and Delete. The store's refusal is shown under the field it names.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Page {
    id: root
    required property var form
    padding: 0

    function focusFirstField() { focusTimer.restart() }
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
            font.pixelSize: 18
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
        visible: root.form.active
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: scroll.availableWidth
            spacing: 4

            Label {
                text: root.form.title
                font.pixelSize: 22
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
                font.pixelSize: 14
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
                font.pixelSize: 13
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                Layout.leftMargin: 16
                Layout.rightMargin: 16
            }

        }
    }

    // Save stays in view whatever the screen's height (a phone, a laptop at 1024x600).
    footer: ToolBar {
        objectName: "formActions"
        visible: root.form.active
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
        Label {
            width: Math.min(root.width - 96, 420)
            wrapMode: Label.Wrap
            text: qsTr("It is deleted on every device at the next sync, with the records it holds. Its text is erased, not kept.")
        }
        onAccepted: root.form.remove()
    }
}
