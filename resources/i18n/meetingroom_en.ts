<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>AgendaEditor</name>
    <message numerus="yes">
        <source>Publish this meeting? Its %n participant(s) will receive the agenda and documents.</source>
        <translation>
            <numerusform>Publish this meeting? Its %n participant will receive the agenda and documents.</numerusform>
            <numerusform>Publish this meeting? Its %n participants will receive the agenda and documents.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AgendaModel</name>
    <message numerus="yes">
        <source>%n document(s), {ready} downloaded</source>
        <translation>
            <numerusform>%n document, {ready} downloaded</numerusform>
            <numerusform>%n documents, {ready} downloaded</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentModel</name>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LiveConsole</name>
    <message numerus="yes">
        <source>The %n request(s) to speak still waiting are dropped.</source>
        <translation>
            <numerusform>The %n request to speak still waiting is dropped.</numerusform>
            <numerusform>The %n requests to speak still waiting are dropped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotesOutput</name>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message numerus="yes">
        <source>{names} and %n more</source>
        <translation>
            <numerusform>{names} and %n more</numerusform>
            <numerusform>{names} and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Share this note with the meeting? %n other participant(s) will see it: {names}. You can stop sharing at any time.</source>
        <translation>
            <numerusform>Share this note with the meeting? %n other participant will see it: {names}. You can stop sharing at any time.</numerusform>
            <numerusform>Share this note with the meeting? %n other participants will see it: {names}. You can stop sharing at any time.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PollList</name>
    <message numerus="yes">
        <source>%n of {total} have not voted yet. Once the vote is closed they can no longer vote, and the result is counted and shown to everyone.</source>
        <translation>
            <numerusform>%n of {total} has not voted yet. Once the vote is closed they can no longer vote, and the result is counted and shown to everyone.</numerusform>
            <numerusform>%n of {total} have not voted yet. Once the vote is closed they can no longer vote, and the result is counted and shown to everyone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %n ballot(s) cast so far are deleted unread and no result is recorded. This cannot be undone.</source>
        <translation>
            <numerusform>The %n ballot cast so far is deleted unread and no result is recorded. This cannot be undone.</numerusform>
            <numerusform>The %n ballots cast so far are deleted unread and no result is recorded. This cannot be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n change waiting to be sent</numerusform>
            <numerusform>%n changes waiting to be sent</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VersionBar</name>
    <message numerus="yes">
        <source>%n note(s) carried over from version {version}.</source>
        <translation>
            <numerusform>%n note carried over from version {version}.</numerusform>
            <numerusform>%n notes carried over from version {version}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) could not be placed: their text is not in this version. Click one to see it in version {version}.</source>
        <translation>
            <numerusform>%n note could not be placed: its text is not in this version. Click it to see it in version {version}.</numerusform>
            <numerusform>%n notes could not be placed: their text is not in this version. Click one to see it in version {version}.</numerusform>
        </translation>
    </message>
</context>
</TS>
