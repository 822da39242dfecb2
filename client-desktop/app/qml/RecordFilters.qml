// The record list's further filters: an enquiry, a person the record names, and a range of dates
// (typed YYYY-MM-DD or picked on a calendar). What is chosen stays when the panel is closed; the
// filter button shows how many are on. The lists are read again each time the panel opens.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

GridLayout {
    id: panel
    required property var session

    function show() {
        if (!fillChoices(enquiry, panel.session.enquiries(), qsTr("Any enquiry")))
            panel.session.setEnquiryFilter("")
        if (!fillChoices(person, panel.session.people(), qsTr("Anyone")))
            panel.session.setPersonFilter("")
        visible = true
    }
    // Refills a picker, keeping what was chosen; false when that is gone (deleted meanwhile).
    function fillChoices(box, records, any) {
        const chosen = box.currentIndex > 0 ? box.model[box.currentIndex].id : ""
        box.model = [{ id: "", label: any }].concat(records)
        const at = box.model.findIndex((r) => r.id === chosen)
        box.currentIndex = Math.max(0, at)
        return chosen === "" || at > 0
    }
    function applyDates() {
        datesError.visible = !panel.session.setDateFilter(from.text, to.text)
    }

    columns: width >= 560 ? 2 : 1
    columnSpacing: 8
    rowSpacing: 4

    ComboBox {
        id: enquiry
        objectName: "enquiryFilter"
        Accessible.name: qsTr("Only records of the enquiry")
        textRole: "label"
        model: [{ id: "", label: qsTr("Any enquiry") }]
        Layout.fillWidth: true
        onActivated: panel.session.setEnquiryFilter(model[currentIndex].id)
    }
    ComboBox {
        id: person
        objectName: "personFilter"
        Accessible.name: qsTr("Only records naming the person")
        textRole: "label"
        model: [{ id: "", label: qsTr("Anyone") }]
        Layout.fillWidth: true
        onActivated: panel.session.setPersonFilter(model[currentIndex].id)
    }
    RowLayout {
        Layout.fillWidth: true
        Layout.columnSpan: panel.columns
        spacing: 4
        TextField {
            id: from
            objectName: "fromDate"
            placeholderText: qsTr("From YYYY-MM-DD")
            Accessible.name: qsTr("From the date")
            inputMethodHints: Qt.ImhDate
            Layout.fillWidth: true
            onTextEdited: panel.applyDates()
        }
        ToolButton {
            objectName: "pickFromDate"
            icon.source: "qrc:/triad/icons/calendar.svg"
            implicitWidth: 48; implicitHeight: 48
            Accessible.name: qsTr("Pick the first date on a calendar")
            onClicked: fromPicker.openAt(from.text)
            DatePicker { id: fromPicker; onPicked: (iso) => { from.text = iso; panel.applyDates() } }
        }
        TextField {
            id: to
            objectName: "toDate"
            placeholderText: qsTr("To YYYY-MM-DD")
            Accessible.name: qsTr("To the date")
            inputMethodHints: Qt.ImhDate
            Layout.fillWidth: true
            onTextEdited: panel.applyDates()
        }
        ToolButton {
            objectName: "pickToDate"
            icon.source: "qrc:/triad/icons/calendar.svg"
            implicitWidth: 48; implicitHeight: 48
            Accessible.name: qsTr("Pick the last date on a calendar")
            onClicked: toPicker.openAt(to.text)
            DatePicker { id: toPicker; onPicked: (iso) => { to.text = iso; panel.applyDates() } }
        }
    }
    Label {
        id: datesError
        objectName: "datesError"
        visible: false
        text: qsTr("Write dates as YYYY-MM-DD, e.g. 2026-09-01.")
        color: Material.color(Material.Red)
        Layout.columnSpan: panel.columns
    }
    Button {
        objectName: "clearFilters"
        text: qsTr("Clear these filters")
        flat: true
        visible: panel.session.filterCount > 0
        Layout.columnSpan: panel.columns
        onClicked: {
            enquiry.currentIndex = 0
            person.currentIndex = 0
            from.text = ""
            to.text = ""
            panel.session.setEnquiryFilter("")
            panel.session.setPersonFilter("")
            panel.applyDates()
        }
    }
}
