<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>GalleryDialog</name>
    <message numerus="yes">
        <source>Loading %Ln round(s)…</source>
        <translation>
            <numerusform>Loading %Ln round…</numerusform>
            <numerusform>Loading %Ln rounds…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln round(s)</source>
        <translation>
            <numerusform>%Ln round</numerusform>
            <numerusform>%Ln rounds</numerusform>
        </translation>
    </message>
</context>
</TS>
