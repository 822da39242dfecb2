// Where sync stands, always in view: offline and why (with what to do), syncing with its
// percentage, or synced and when (with what the sync repaired, or the hubs it passed over); and
// how many changes wait to be sent.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Triad

Pane {
    id: banner
    required property var status
    signal attentionRequested()
    readonly property bool offline: status.state === "offline"

    padding: 12
    Material.elevation: 0
    Material.background: offline ? (Material.theme === Material.Dark ? "#5d4037" : "#fff3e0")
                                 : (Material.theme === Material.Dark ? "#263238" : "#eef3f8")
    Accessible.role: Accessible.StatusBar
    Accessible.name: status.headline + ". " + status.advice

    contentItem: ColumnLayout {
        spacing: 4
        RowLayout {
            spacing: 12
            Layout.fillWidth: true
            // An icon tinted to the theme's text colour (a flat, inert button draws it so).
            ToolButton {
                icon.source: banner.offline || banner.status.state === "offline-only"
                             ? "qrc:/triad/icons/offline.svg"
                             : banner.status.state === "synced" ? "qrc:/triad/icons/done.svg"
                                                               : "qrc:/triad/icons/sync.svg"
                icon.width: 24
                icon.height: 24
                background: null
                hoverEnabled: false
                focusPolicy: Qt.NoFocus
                down: false
                padding: 0
                implicitWidth: 24
                implicitHeight: 24
                Accessible.ignored: true
            }
            Label {
                objectName: "syncHeadline"
                text: banner.status.headline
                font.weight: Font.Medium
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            Button {
                objectName: "openAttention"
                visible: banner.status.attention > 0
                flat: true
                text: banner.status.attention === 1 ? qsTr("1 item needs attention")
                                                    : qsTr("%1 items need attention").arg(banner.status.attention)
                Material.foreground: Material.accent
                onClicked: banner.attentionRequested()
            }
            Button {
                objectName: "syncRetry"
                visible: banner.offline
                text: qsTr("Try again")
                flat: true
                onClicked: banner.status.syncNow()
            }
        }
        ProgressBar {
            objectName: "syncProgress"
            visible: banner.status.state === "syncing"
            from: 0
            to: 100
            value: banner.status.percent
            Layout.fillWidth: true
            Accessible.name: qsTr("Sync progress")
        }
        Label {
            objectName: "syncAdvice"
            text: banner.status.advice
            wrapMode: Label.Wrap
            opacity: 0.85
            Layout.fillWidth: true
        }
        Label {
            objectName: "syncDetail"
            visible: text !== ""
            text: banner.status.detail
            wrapMode: Label.Wrap
            font.pixelSize: TextSize.caption
            opacity: 0.7
            Layout.fillWidth: true
        }
    }
}
