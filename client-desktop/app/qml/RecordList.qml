// The teacher's records, newest first, with a search box, a type picker and more filters (an
// enquiry, a person the record names, dates) behind the filter button; an empty state that says
// what to do. Tapping a record opens it.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Triad

Pane {
    id: list
    required property var session
    signal opened(string id)
    signal newRequested(string type)

    function focusSearch() { search.forceActiveFocus() }

    padding: 0

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 12
            spacing: 8
            TextField {
                id: search
                objectName: "search"
                placeholderText: qsTr("Search notes, people, focus…")
                Accessible.name: qsTr("Search records")
                Layout.fillWidth: true
                onTextChanged: list.session.setSearch(text)
            }
            ComboBox {
                id: typePicker
                objectName: "typeFilter"
                Accessible.name: qsTr("Show records of type")
                textRole: "title"
                model: [{ name: "", title: qsTr("All records") }].concat(list.session.recordTypes())
                implicitWidth: list.width < 500 ? 150 : 190
                onActivated: list.session.setTypeFilter(model[currentIndex].name)
            }
            ToolButton {
                objectName: "moreFilters"
                icon.source: "qrc:/triad/icons/filter.svg"
                checkable: true
                checked: filters.visible
                implicitWidth: 48; implicitHeight: 48
                Accessible.name: qsTr("More filters: enquiry, person, dates")
                ToolTip.visible: hovered
                ToolTip.text: Accessible.name
                onClicked: filters.visible ? filters.visible = false : filters.show()
                // How many of those filters are on.
                Rectangle {
                    visible: list.session.filterCount > 0
                    width: Math.max(18, TextSize.badge * 1.5); height: width; radius: width / 2
                    color: "#c2410c"
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.margins: 4
                    Label {
                        anchors.centerIn: parent
                        text: list.session.filterCount
                        color: "white"
                        font.pixelSize: TextSize.badge
                    }
                }
            }
        }

        RecordFilters {
            id: filters
            objectName: "filters"
            session: list.session
            visible: false
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 12
            Layout.bottomMargin: 8
        }

        ListView {
            id: view
            objectName: "recordListView"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: list.session.records
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                required property string recordId
                required property string typeTitle
                required property string label
                required property string dateText
                required property string people
                required property string audience
                objectName: "record-" + recordId
                width: ListView.view.width
                height: Math.max(72, content.implicitHeight + 20)
                highlighted: list.session.form.recordId === recordId
                Accessible.name: typeTitle + ", " + label + ", " + dateText
                onClicked: list.opened(recordId)
                contentItem: ColumnLayout {
                    id: content
                    spacing: 2
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            text: label !== "" ? label : typeTitle
                            font.weight: Font.Medium
                            elide: Label.ElideRight
                            Layout.fillWidth: true
                        }
                        Label { text: dateText; opacity: 0.7 }
                    }
                    Label {
                        text: typeTitle + (people !== "" ? " · " + people : "") + " · " + audience
                        opacity: 0.7
                        font.pixelSize: TextSize.small
                        elide: Label.ElideRight
                        Layout.fillWidth: true
                    }
                }
            }

            Column {
                objectName: "emptyState"
                visible: view.count === 0
                anchors.centerIn: parent
                width: Math.min(parent.width - 48, 360)
                spacing: 12
                Image {
                    source: "qrc:/triad/icons/notes.svg"
                    sourceSize.width: 72
                    sourceSize.height: 72
                    opacity: 0.35
                    anchors.horizontalCenter: parent.horizontalCenter
                    Accessible.ignored: true
                }
                Label {
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Label.Wrap
                    font.pixelSize: TextSize.large
                    text: search.text !== "" ? qsTr("Nothing matches “%1”.").arg(search.text)
                                             : qsTr("No records here yet.")
                }
                Label {
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Label.Wrap
                    opacity: 0.7
                    text: search.text !== "" ? qsTr("Try fewer words, or another type.")
                                             : qsTr("Tap + to record a lesson observation. It is saved on this device and shared at the next sync.")
                }
            }
        }
    }
}
