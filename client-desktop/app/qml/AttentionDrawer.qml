// What needs the teacher's attention, from the right edge: a field changed on two devices at once
// that did not merge (each version with who wrote it, on which device, and when; keep one), and
// changes the hub refused (its reason; open the record to fix it, or discard the change).
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Triad

Drawer {
    id: drawer
    required property var attention
    signal openRecord(string id)

    objectName: "attentionDrawer"
    edge: Qt.RightEdge
    Material.elevation: 0  // the style's shadow needs GPU shaders
    background: Rectangle {
        color: drawer.Material.backgroundColor
        Rectangle { width: 1; height: parent.height; color: drawer.Material.dividerColor }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        Label {
            text: qsTr("Needs your attention")
            font.pixelSize: TextSize.title
            font.weight: Font.Medium
            Layout.margins: 16
        }
        Label {
            objectName: "attentionEmpty"
            visible: drawer.attention.count === 0
            text: qsTr("Nothing needs your attention. Changes made at the same time on two devices, and changes the hub refused, would be listed here.")
            wrapMode: Label.Wrap
            opacity: 0.7
            Layout.fillWidth: true
            Layout.margins: 16
        }
        ListView {
            objectName: "attentionList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 12
            model: drawer.attention
            ScrollBar.vertical: ScrollBar {}
            delegate: Rectangle {
                id: card
                required property int index
                required property string kind
                required property string recordId
                required property string recordLabel
                required property string typeTitle
                required property string fieldTitle
                required property var versions
                required property string reason
                required property string when
                required property bool discarding
                objectName: kind + "-" + index
                width: ListView.view.width - 24
                x: 12
                implicitHeight: body.implicitHeight + 24
                radius: 6
                color: "transparent"
                border.color: drawer.Material.dividerColor

                ColumnLayout {
                    id: body
                    x: 12; y: 12
                    width: parent.width - 24
                    spacing: 8
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Label.Wrap
                        font.weight: Font.Medium
                        text: card.kind === "conflict"
                              ? qsTr("%1 in “%2” changed on two devices at once").arg(card.fieldTitle).arg(card.recordLabel)
                              : qsTr("The hub refused your change to “%1”").arg(card.recordLabel)
                    }
                    Repeater {
                        model: card.kind === "conflict" ? card.versions : []
                        delegate: ColumnLayout {
                            required property var modelData
                            required property int index
                            Layout.fillWidth: true
                            spacing: 2
                            Label {
                                objectName: "writer-" + card.index + "-" + index
                                text: qsTr("%1, on %2, %3").arg(modelData.who).arg(modelData.device).arg(modelData.when)
                                      + (modelData.kept ? qsTr(" (shown for now)") : "")
                                opacity: 0.75
                                font.pixelSize: TextSize.small
                                wrapMode: Label.Wrap
                                Layout.fillWidth: true
                            }
                            Label {
                                text: modelData.value === "" ? qsTr("(empty)") : modelData.value
                                wrapMode: Label.Wrap
                                maximumLineCount: 6
                                elide: Label.ElideRight
                                Layout.fillWidth: true
                            }
                            Button {
                                objectName: "keep-" + card.index + "-" + index
                                text: qsTr("Keep this one")
                                flat: true
                                onClicked: drawer.attention.keep(card.index, index)
                            }
                        }
                    }
                    Button {
                        objectName: "merge-" + card.index
                        visible: card.kind === "conflict"
                        text: qsTr("Write a merged text")
                        flat: true
                        onClicked: drawer.openRecord(card.recordId)
                    }
                    Label {
                        visible: card.kind === "refusal"
                        text: card.reason + " (" + card.when + ")"
                        wrapMode: Label.Wrap
                        opacity: 0.8
                        Layout.fillWidth: true
                    }
                    Label {
                        visible: card.kind === "refusal" && card.discarding
                        text: qsTr("Discarded: the hub's version comes back at the next sync.")
                        wrapMode: Label.Wrap
                        Layout.fillWidth: true
                    }
                    RowLayout {
                        visible: card.kind === "refusal" && !card.discarding
                        Button {
                            objectName: "fix-" + card.index
                            text: qsTr("Open to fix")
                            flat: true
                            onClicked: drawer.openRecord(card.recordId)
                        }
                        Button {
                            objectName: "discard-" + card.index
                            text: qsTr("Discard my change")
                            flat: true
                            onClicked: drawer.attention.discard(card.index)
                        }
                    }
                }
            }
        }
    }
}
