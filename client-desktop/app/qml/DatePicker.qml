// A month's calendar in a popup: tap a day to pick it (YYYY-MM-DD), arrows for other months.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Triad

Popup {
    id: popup
    signal picked(string iso)
    property date shown: new Date()

    function openAt(iso) {
        const parsed = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(iso + "T12:00:00") : new Date()
        shown = isNaN(parsed.getTime()) ? new Date() : parsed
        open()
    }
    function iso(d) {
        const pad = (n) => (n < 10 ? "0" : "") + n
        return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate())
    }

    objectName: "datePicker"
    modal: true
    padding: 12
    Material.elevation: 0
    background: Rectangle { color: popup.Material.dialogColor; radius: 4; border.color: "#9aa5b1" }
    x: Math.min(0, (parent ? -parent.x : 0))
    contentItem: ColumnLayout {
        RowLayout {
            ToolButton {
                text: "‹"; font.pixelSize: TextSize.heading; implicitWidth: 48; implicitHeight: 48
                Accessible.name: qsTr("Previous month")
                onClicked: popup.shown = new Date(popup.shown.getFullYear(), popup.shown.getMonth() - 1, 1)
            }
            Label {
                text: grid.title
                horizontalAlignment: Text.AlignHCenter
                font.weight: Font.Medium
                Layout.fillWidth: true
            }
            ToolButton {
                text: "›"; font.pixelSize: TextSize.heading; implicitWidth: 48; implicitHeight: 48
                Accessible.name: qsTr("Next month")
                onClicked: popup.shown = new Date(popup.shown.getFullYear(), popup.shown.getMonth() + 1, 1)
            }
        }
        DayOfWeekRow {
            locale: grid.locale
            Layout.fillWidth: true
        }
        MonthGrid {
            id: grid
            objectName: "monthGrid"
            month: popup.shown.getMonth()
            year: popup.shown.getFullYear()
            implicitWidth: 7 * 48
            implicitHeight: 6 * 44
            delegate: Label {
                required property var model
                text: model.day
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                opacity: model.month === grid.month ? 1 : 0.35
                font.bold: model.today
            }
            onClicked: (d) => { popup.picked(popup.iso(d)); popup.close() }
        }
    }
}
