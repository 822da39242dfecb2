// Suggestions under a text field (people, schools, records, tags), from the form model.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material

Popup {
    id: popup
    required property var form
    required property string fieldName
    property var options: []
    readonly property string current: list.currentIndex >= 0 && list.currentIndex < options.length
                                      ? options[list.currentIndex] : ""
    signal picked(string choice)

    function offer(anchor, typed, always) {
        options = typed === "" && !always ? [] : form.suggestions(fieldName, typed)
        // What was typed is already the one suggestion: nothing to offer.
        if (options.length === 1 && options[0].toLowerCase() === typed.toLowerCase()) options = []
        list.currentIndex = options.length > 0 && typed !== "" ? 0 : -1
        if (options.length === 0 || typed === "") { close(); return }
        parent = anchor
        y = anchor.height
        width = Math.max(anchor.width, 220)
        open()
    }

    padding: 0
    focus: false
    Material.elevation: 0
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutsideParent
    contentItem: ListView {
        id: list
        implicitHeight: Math.min(contentHeight, 5 * Math.max(48, contentHeight / Math.max(1, count)))
        clip: true
        model: popup.options
        delegate: ItemDelegate {
            required property string modelData
            required property int index
            objectName: "suggestion-" + modelData
            width: ListView.view.width
            height: Math.max(48, implicitHeight)
            text: modelData
            highlighted: ListView.isCurrentItem
            onClicked: { popup.picked(modelData); popup.close() }
        }
    }
}
