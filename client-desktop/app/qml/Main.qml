// triad-app's window: the sync banner always in view, the record list and the open record's
// form side by side where there is room (a tablet in landscape, a laptop), one at a time where
// there is not (a phone, a tablet in portrait). Everything it shows comes from the C++ models of
// `session` (client-desktop/models); nothing here validates, merges or syncs.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Triad

ApplicationWindow {
    id: window
    required property var session
    readonly property var form: session.form
    // Side by side from a tablet in landscape (and a small laptop) up; one pane below.
    readonly property bool wide: width >= 900
    readonly property bool showingForm: form.active

    width: 1280
    height: 800
    visible: true
    title: qsTr("Triad — %1, %2").arg(session.person).arg(session.school)
    font.pixelSize: TextSize.body
    Material.primary: "#24527a"
    Material.accent: "#c2410c"

    // Closing the app (the window, or Android's back button) keeps what was typed: the open
    // record is saved first, and a refused save keeps the app open with the reason shown.
    onClosing: (close) => { close.accepted = session.closeForm() }

    Shortcut { sequence: StandardKey.New; onActivated: window.newRecord("observation") }
    Shortcut { sequence: StandardKey.Save; enabled: form.active; onActivated: form.save() }
    Shortcut { sequences: ["F5", "Ctrl+R"]; onActivated: session.sync.syncNow() }
    Shortcut { sequence: StandardKey.Find; onActivated: recordList.focusSearch() }
    Shortcut { sequences: [StandardKey.Back]; enabled: !window.wide && form.active; onActivated: session.closeForm() }

    // A new record of `type`; unsaved edits of the open one are saved first (or it stays open,
    // with the store's reason beside the field).
    function newRecord(type) {
        if (session.startRecord(type)) recordForm.focusFirstField()
    }

    header: ToolBar {
        objectName: "toolbar"
        Material.elevation: 0  // no shadow: the style's shadow needs GPU shaders (see README)
        Material.background: "#24527a"
        Material.foreground: "white"
        RowLayout {
            anchors.fill: parent
            spacing: 0
            ToolButton {
                objectName: "back"
                visible: !window.wide && window.showingForm
                icon.source: "qrc:/triad/icons/back.svg"
                Accessible.name: qsTr("Back to the list")
                implicitWidth: 56; implicitHeight: 56
                onClicked: session.closeForm()
            }
            Label {
                text: window.wide || !window.showingForm ? qsTr("Triad") : form.title
                font.pixelSize: TextSize.title
                font.weight: Font.Medium
                elide: Label.ElideRight
                Layout.fillWidth: true
                Layout.leftMargin: 16
            }
            Label {
                text: session.person
                visible: window.width >= 600
                opacity: 0.8
                Layout.rightMargin: 16
            }
            ToolButton {
                objectName: "syncNow"
                icon.source: "qrc:/triad/icons/sync.svg"
                Accessible.name: qsTr("Sync now")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Sync now (F5)")
                implicitWidth: 56; implicitHeight: 56
                visible: session.sync.state !== "offline-only"
                enabled: session.sync.state !== "syncing"
                onClicked: session.sync.syncNow()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        SyncBanner {
            objectName: "syncBanner"
            status: session.sync
            Layout.fillWidth: true
            onAttentionRequested: attentionDrawer.open()
        }

        // The list and the form: side by side when wide, else whichever is open fills the width.
        // Placed by hand, not by a RowLayout, so a pane that hides gives back its width at once.
        Item {
            id: panes
            Layout.fillWidth: true
            Layout.fillHeight: true
            readonly property real listWidth: window.wide ? Math.max(340, width * 0.36) : width

            RecordList {
                id: recordList
                objectName: "recordList"
                session: window.session
                visible: window.wide || !window.showingForm
                width: panes.listWidth
                height: panes.height
                onOpened: (id) => session.openRecord(id)
                onNewRequested: (type) => window.newRecord(type)
            }
            Rectangle {
                visible: window.wide
                x: panes.listWidth
                width: 1
                height: panes.height
                color: Material.dividerColor
            }
            RecordForm {
                id: recordForm
                objectName: "recordForm"
                form: window.form
                session: window.session
                visible: window.wide || window.showingForm
                x: window.wide ? panes.listWidth + 1 : 0
                width: panes.width - x
                height: panes.height
            }
        }
    }

    AttentionDrawer {
        id: attentionDrawer
        attention: session.attention
        width: Math.min(window.width, 480)
        height: window.height
        onOpenRecord: (id) => { close(); session.openRecord(id) }
    }

    RoundButton {
        objectName: "newObservation"
        visible: !window.showingForm || window.wide
        icon.source: "qrc:/triad/icons/add.svg"
        icon.width: 28; icon.height: 28
        width: 64; height: 64
        Material.foreground: "white"
        // Drawn here, not by the style, whose shadow needs GPU shaders (README: software rendering).
        background: Rectangle {
            radius: width / 2
            color: parent.down ? Qt.darker("#c2410c", 1.2) : "#c2410c"
            border.color: Qt.darker("#c2410c", 1.4)
        }
        Accessible.name: qsTr("New observation")
        ToolTip.visible: hovered
        ToolTip.text: qsTr("New observation (Ctrl+N)")
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 24
        // Over the list's corner, beside the form where both show.
        anchors.rightMargin: window.wide ? parent.width - recordList.width + 24 : 24
        onClicked: window.newRecord("observation")
    }
}
