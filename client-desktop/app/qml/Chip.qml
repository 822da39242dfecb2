// One element of a set (a person, a tag) with a button that removes it.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Triad

Rectangle {
    id: chip
    property alias text: label.text
    signal removed()
    implicitHeight: Math.max(40, row.implicitHeight)
    implicitWidth: row.implicitWidth + 16
    radius: height / 2
    color: Material.theme === Material.Dark ? "#37474f" : "#e3eaf2"
    Accessible.role: Accessible.StaticText
    Accessible.name: text
    RowLayout {
        id: row
        anchors.verticalCenter: parent.verticalCenter
        x: 14
        spacing: 2
        Label { id: label }
        ToolButton {
            objectName: "remove-" + chip.text
            text: "×"
            font.pixelSize: TextSize.large
            implicitWidth: 40; implicitHeight: 40
            Accessible.name: qsTr("Remove %1").arg(chip.text)
            onClicked: chip.removed()
        }
    }
}
