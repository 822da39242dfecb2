// The app's first run, when this device has no store yet: who records here (school and name),
// then joining the alliance's hub (address, device token, the hub's certificate) or working
// offline only. `setup` (FirstRunModel) checks what was entered, makes the store and keeps the
// token out of it; the main window follows.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Triad

ApplicationWindow {
    id: window
    required property var setup

    width: 1280
    height: 800
    visible: true
    title: qsTr("Welcome to Triad")
    font.pixelSize: TextSize.body
    Material.primary: "#24527a"
    Material.accent: "#c2410c"

    function create() {
        if (withFile.checked) setup.join(joinFile.text)
        else setup.create(school.text, person.text, joinHub.checked, hub.text, token.text, ca.text)
    }

    header: ToolBar {
        Material.elevation: 0
        Material.background: "#24527a"
        Material.foreground: "white"
        Label {
            anchors.fill: parent
            anchors.leftMargin: 16
            verticalAlignment: Label.AlignVCenter
            text: qsTr("Welcome to Triad")
            font.pixelSize: TextSize.title
            font.weight: Font.Medium
        }
    }

    ScrollView {
        id: scroll
        objectName: "firstRunScroll"
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            x: Math.max(16, (scroll.availableWidth - width) / 2)
            width: Math.min(scroll.availableWidth - 32, 560)
            spacing: 6

            Label {
                text: qsTr("Triad keeps your observations, coaching notes and journals on this device and works without a network. It shares them with your alliance's hub when it can.")
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                Layout.topMargin: 16
            }
            Label {
                text: qsTr("Your records are kept in %1").arg(window.setup.dbPath)
                wrapMode: Label.WrapAnywhere
                opacity: 0.7
                font.pixelSize: TextSize.small
                Layout.fillWidth: true
            }

            RadioButton {
                id: withFile
                objectName: "withJoinFile"
                text: qsTr("I have a join file")
                checked: true
                Layout.topMargin: 8
            }
            ColumnLayout {
                visible: withFile.checked
                Layout.fillWidth: true
                Layout.leftMargin: 32
                spacing: 6
                Label {
                    text: qsTr("Your hub's administrator gives each device a join file: it has your school, your name and the hub's details, so there is nothing to type.")
                    wrapMode: Label.Wrap
                    opacity: 0.7
                    font.pixelSize: TextSize.small
                    Layout.fillWidth: true
                }
                TextField {
                    id: joinFile
                    objectName: "joinFile"
                    placeholderText: qsTr("where the file is, e.g. /media/usb/ana.join")
                    Accessible.name: qsTr("Join file")
                    inputMethodHints: Qt.ImhNoAutoUppercase
                    Layout.fillWidth: true
                }
            }
            RadioButton {
                id: typed
                objectName: "typeDetails"
                text: qsTr("I will type my details")
            }

            ColumnLayout {
                visible: typed.checked
                Layout.fillWidth: true
                spacing: 6
                Label { text: qsTr("Your school"); font.pixelSize: TextSize.small; opacity: 0.8; Layout.topMargin: 12 }
                TextField {
                    id: school
                    objectName: "school"
                    placeholderText: qsTr("e.g. Fortismere")
                    Accessible.name: qsTr("Your school")
                    Layout.fillWidth: true
                    focus: true
                }
                Label { text: qsTr("Your name"); font.pixelSize: TextSize.small; opacity: 0.8 }
                TextField {
                    id: person
                    objectName: "person"
                    placeholderText: qsTr("your full name, e.g. Ana Diaz")
                    Accessible.name: qsTr("Your name")
                    Layout.fillWidth: true
                }

                RadioButton {
                    id: joinHub
                    objectName: "joinHub"
                    text: qsTr("Join my alliance's hub")
                    checked: true
                    Layout.topMargin: 8
                }
                ColumnLayout {
                    enabled: joinHub.checked
                    opacity: enabled ? 1 : 0.5
                    Layout.fillWidth: true
                    Layout.leftMargin: 32
                    spacing: 6
                    Label { text: qsTr("Hub address"); font.pixelSize: TextSize.small; opacity: 0.8 }
                    TextField {
                        id: hub
                        objectName: "hub"
                        placeholderText: qsTr("HOST:PORT, e.g. hub.themead.org:7400")
                        Accessible.name: qsTr("Hub address")
                        Accessible.description: qsTr("Where several hubs serve your alliance, give each address, separated by commas")
                        inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                        Layout.fillWidth: true
                    }
                    Label { text: qsTr("Device token"); font.pixelSize: TextSize.small; opacity: 0.8 }
                    TextField {
                        id: token
                        objectName: "token"
                        placeholderText: qsTr("from your hub's administrator")
                        Accessible.name: qsTr("Device token")
                        echoMode: TextInput.Password
                        inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                        Layout.fillWidth: true
                    }
                    Label { text: qsTr("Hub certificate file"); font.pixelSize: TextSize.small; opacity: 0.8 }
                    TextField {
                        id: ca
                        objectName: "ca"
                        placeholderText: qsTr("a .pem file from your administrator")
                        Accessible.name: qsTr("Hub certificate file")
                        inputMethodHints: Qt.ImhNoAutoUppercase
                        Layout.fillWidth: true
                    }
                }
                // Short labels, wrapped notes: a layout never gets narrower than an unwrapped line.
                RadioButton {
                    id: offlineOnly
                    objectName: "offlineOnly"
                    text: qsTr("Work offline only")
                }
                Label {
                    text: qsTr("Your records stay on this device. A hub can be added later.")
                    visible: offlineOnly.checked
                    wrapMode: Label.Wrap
                    opacity: 0.7
                    font.pixelSize: TextSize.small
                    Layout.fillWidth: true
                    Layout.leftMargin: 32
                }

            }

            Label {
                objectName: "error"
                visible: text !== ""
                text: window.setup.error
                color: Material.color(Material.Red)
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                Accessible.role: Accessible.AlertMessage
            }
            Button {
                objectName: "create"
                text: qsTr("Start using Triad")
                icon.source: "qrc:/triad/icons/done.svg"
                Material.foreground: "white"
                background: Rectangle {
                    implicitWidth: 200
                    radius: 4
                    color: parent.down ? Qt.darker("#24527a", 1.3) : "#24527a"
                }
                implicitHeight: 52
                Layout.topMargin: 8
                Layout.bottomMargin: 24
                onClicked: window.create()
            }
        }
    }
}
