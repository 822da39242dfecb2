// A saved record's Changes (ChangeHistoryModel): who created it, and for each field when it last
// changed and on which device, with a set's adds and a text's concurrent versions indented under
// it. Triad keeps the current value, not a log of earlier ones, and this says so.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Triad

ListView {
    id: list
    required property var history

    clip: true
    model: history
    ScrollBar.vertical: ScrollBar {}

    header: ColumnLayout {
        width: list.width
        spacing: 6
        Label {
            objectName: "created"
            text: list.history.created
            wrapMode: Label.Wrap
            font.weight: Font.Medium
            Layout.fillWidth: true
            Layout.margins: 16
            Layout.bottomMargin: 0
        }
        Label {
            text: qsTr("What this device knows of each field's last change. Triad keeps the current value with the time and device of its last change, not a log of earlier values.")
            wrapMode: Label.Wrap
            opacity: 0.7
            font.pixelSize: TextSize.small
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            Layout.bottomMargin: 8
        }
    }

    delegate: ItemDelegate {
        required property int index
        required property string title
        required property string when
        required property string device
        required property string value
        required property int depth
        objectName: "change-" + index
        width: ListView.view.width
        leftPadding: 16 + depth * 24
        Accessible.name: title + ", " + value + ", " + when + ", " + device
        contentItem: ColumnLayout {
            spacing: 2
            RowLayout {
                Layout.fillWidth: true
                Label {
                    text: title
                    font.weight: depth === 0 ? Font.Medium : Font.Normal
                    opacity: depth === 0 ? 1 : 0.8
                    elide: Label.ElideRight
                    Layout.fillWidth: true
                }
                Label { text: when; opacity: 0.7; font.pixelSize: TextSize.small }
            }
            Label {
                text: value === "" ? qsTr("(empty)") : value
                wrapMode: Label.Wrap
                maximumLineCount: 3
                elide: Label.ElideRight
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("on %1").arg(device)
                opacity: 0.7
                font.pixelSize: TextSize.small
                Layout.fillWidth: true
            }
        }
    }
}
