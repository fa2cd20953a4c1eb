<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cs" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source> s</source>
        <translation type="vanished"> s</translation>
    </message>
    <message>
        <source>Description &amp;language</source>
        <translation type="vanished">&amp;Jazyk popisu</translation>
    </message>
    <message>
        <source>empty: the built-in prompt for the language</source>
        <translation type="vanished">prázdné: vestavěné zadání pro daný jazyk</translation>
    </message>
    <message>
        <source>Own &amp;prompt</source>
        <translation type="vanished">&amp;Vlastní zadání</translation>
    </message>
    <message>
        <source>Longest description (&amp;tokens)</source>
        <translation type="vanished">Nejdelší popis (&amp;tokeny)</translation>
    </message>
    <message>
        <source>A device number, a video file or a stream URL</source>
        <translation type="vanished">Číslo zařízení, videosoubor nebo adresa streamu</translation>
    </message>
    <message>
        <source>&amp;Camera</source>
        <translation type="vanished">&amp;Kamera</translation>
    </message>
    <message>
        <source>&amp;Mirror the preview</source>
        <translation type="vanished">&amp;Zrcadlit náhled</translation>
    </message>
    <message>
        <source>Do &amp;not read descriptions aloud</source>
        <translation type="vanished">&amp;Nečíst popisy nahlas</translation>
    </message>
    <message>
        <source>Save each narration as a &amp;WAV file</source>
        <translation type="vanished">Ukládat každé čtení jako soubor &amp;WAV</translation>
    </message>
    <message>
        <source>Speak the &amp;status aloud (taking photo, describing…)</source>
        <translation type="vanished">Hlásit &amp;stav nahlas (fotím, popisuji…)</translation>
    </message>
    <message>
        <source>empty: a voice for the description language</source>
        <translation type="vanished">prázdné: hlas pro jazyk popisu</translation>
    </message>
    <message>
        <source>&amp;Voice (name or id)</source>
        <translation type="vanished">&amp;Hlas (název nebo id)</translation>
    </message>
    <message>
        <source>Images folder</source>
        <translation type="vanished">Složka s obrázky</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="vanished">&amp;Procházet…</translation>
    </message>
    <message>
        <source>Browse for the images folder</source>
        <translation type="vanished">Vybrat složku s obrázky</translation>
    </message>
    <message>
        <source>&amp;Images folder</source>
        <translation type="vanished">Složka s &amp;obrázky</translation>
    </message>
    <message>
        <source>no countdown</source>
        <translation type="vanished">bez odpočtu</translation>
    </message>
    <message>
        <source>&amp;Countdown before the photo</source>
        <translation type="vanished">&amp;Odpočet před fotkou</translation>
    </message>
    <message>
        <source>stay on the result</source>
        <translation type="vanished">zůstat u výsledku</translation>
    </message>
    <message>
        <source>&amp;Return to the preview after</source>
        <translation type="vanished">&amp;Návrat k náhledu po</translation>
    </message>
    <message>
        <source>System</source>
        <translation type="vanished">Podle systému</translation>
    </message>
    <message>
        <source>Applies after a restart</source>
        <translation type="vanished">Projeví se po novém spuštění</translation>
    </message>
    <message>
        <source>&amp;Interface language (applies after restart)</source>
        <translation type="vanished">&amp;Jazyk rozhraní (projeví se po novém spuštění)</translation>
    </message>
    <message>
        <source>empty: no moderation check</source>
        <translation type="vanished">prázdné: bez kontroly moderací</translation>
    </message>
    <message>
        <source>Descriptions are checked with this moderation model before they are painted</source>
        <translation type="vanished">Popisy se před malováním kontrolují tímto moderačním modelem</translation>
    </message>
    <message>
        <source>&amp;Moderation model</source>
        <translation type="vanished">Model m&amp;oderace</translation>
    </message>
    <message>
        <source>&amp;Pause between photos</source>
        <translation type="vanished">Pa&amp;uza mezi fotkami</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="vanished">bez omezení</translation>
    </message>
    <message>
        <source>Photos per &amp;hour, at most</source>
        <translation type="vanished">Nejvýše fotek za &amp;hodinu</translation>
    </message>
    <message>
        <source>no budget</source>
        <translation type="vanished">bez rozpočtu</translation>
    </message>
    <message>
        <source>Daily &amp;budget (USD)</source>
        <translation type="vanished">Denní &amp;rozpočet (USD)</translation>
    </message>
    <message>
        <source>Reuse the result for the same or a nearly identical photo</source>
        <translation type="vanished">Znovu použít výsledek pro stejnou nebo téměř stejnou fotku</translation>
    </message>
    <message>
        <source>&amp;Cache</source>
        <translation type="vanished">&amp;Mezipaměť</translation>
    </message>
    <message>
        <source>identical photos only</source>
        <translation type="vanished">jen shodné fotky</translation>
    </message>
    <message>
        <source>How different (in bits of 64) a photo may be and still count as the same scene</source>
        <translation type="vanished">Jak moc se fotka smí lišit (v bitech z 64), aby se stále počítala jako stejná scéna</translation>
    </message>
    <message>
        <source>&amp;Similarity threshold</source>
        <translation type="vanished">&amp;Práh podobnosti</translation>
    </message>
</context>
<context>
    <name>Announcer</name>
    <message>
        <source>Round started.</source>
        <translation>Kolo začalo.</translation>
    </message>
    <message>
        <source>Painting done. Saved as {stem} in {folder}.</source>
        <translation>Malba je hotová. Uloženo jako {stem} ve složce {folder}.</translation>
    </message>
    <message>
        <source>The camera is back: {label}.</source>
        <translation>Kamera je zpět: {label}.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Message</source>
        <translation type="vanished">Zpráva</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problém</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Upozornění</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Zavřít</translation>
    </message>
    <message>
        <source>Dismiss the message</source>
        <translation>Zavřít zprávu</translation>
    </message>
</context>
<context>
    <name>BannerRow</name>
    <message>
        <source>Dismiss</source>
        <translation>Zavřít</translation>
    </message>
    <message>
        <source>Dismiss the message</source>
        <translation>Zavřít zprávu</translation>
    </message>
</context>
<context>
    <name>CountdownOverlay</name>
    <message>
        <source>Countdown</source>
        <translation>Odpočet</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Something went wrong: {problem}.</source>
        <translation>Něco se pokazilo: {problem}.</translation>
    </message>
    <message>
        <source>Something went wrong: {problem}. Details are in the log file {file}.</source>
        <translation>Něco se pokazilo: {problem}. Podrobnosti jsou v souboru protokolu {file}.</translation>
    </message>
</context>
<context>
    <name>FramingHelp</name>
    <message>
        <source>No camera picture yet: there is nothing to look at.</source>
        <translation>Kamera zatím nedává obraz: není se na co podívat.</translation>
    </message>
    <message>
        <source>Could not look at the camera picture: {error}</source>
        <translation>Obraz z kamery se nepodařilo prohlédnout: {error}</translation>
    </message>
</context>
<context>
    <name>GalleryDialog</name>
    <message>
        <source>Gallery</source>
        <translation>Galerie</translation>
    </message>
    <message>
        <source>Gallery status</source>
        <translation>Stav galerie</translation>
    </message>
    <message>
        <source>Past rounds</source>
        <translation>Dřívější snímky</translation>
    </message>
    <message>
        <source>Press Enter to open a round.</source>
        <translation>Snímek otevřete klávesou Enter.</translation>
    </message>
    <message>
        <source>&amp;Rounds:</source>
        <translation>&amp;Snímky:</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>&amp;Načíst znovu</translation>
    </message>
    <message>
        <source>Reload the gallery</source>
        <translation>Načíst galerii znovu</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Zavřít</translation>
    </message>
    <message>
        <source>Gallery, one round</source>
        <translation>Galerie, jeden snímek</translation>
    </message>
    <message>
        <source>Open the round</source>
        <translation>Otevřít snímek</translation>
    </message>
    <message>
        <source>Close the gallery</source>
        <translation>Zavřít galerii</translation>
    </message>
    <message>
        <source>Back to all rounds</source>
        <translation>Zpět na všechny snímky</translation>
    </message>
    <message>
        <source>Loading rounds…</source>
        <translation>Načítají se snímky…</translation>
    </message>
    <message numerus="yes">
        <source>Loading %Ln round(s)…</source>
        <translation>
            <numerusform>Načítá se %Ln snímek…</numerusform>
            <numerusform>Načítají se %Ln snímky…</numerusform>
            <numerusform>Načítá se %Ln snímků…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln round(s)</source>
        <translation>
            <numerusform>%Ln snímek</numerusform>
            <numerusform>%Ln snímky</numerusform>
            <numerusform>%Ln snímků</numerusform>
        </translation>
    </message>
    <message>
        <source>No rounds yet</source>
        <translation>Zatím žádné snímky</translation>
    </message>
    <message>
        <source>The main window is working on this round: delete it when it is done.</source>
        <translation>Hlavní okno na tomto snímku právě pracuje: smažte ho, až bude hotový.</translation>
    </message>
    <message>
        <source>Delete the round from {date}? Its photo, painting, description and recording will be removed from the images folder.</source>
        <translation>Smazat snímek z {date}? Jeho fotka, malba, popis i nahrávka budou odstraněny ze složky s obrázky.</translation>
    </message>
    <message>
        <source>Delete round</source>
        <translation>Smazat snímek</translation>
    </message>
</context>
<context>
    <name>GalleryModel</name>
    <message>
        <source>offline demo</source>
        <translation>offline ukázka</translation>
    </message>
    <message>
        <source>No style</source>
        <translation>Bez stylu</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hotovo</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Nezdařilo se</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Odmítnuto</translation>
    </message>
    <message>
        <source>Not finished</source>
        <translation>Nedokončeno</translation>
    </message>
    <message>
        <source>Record damaged</source>
        <translation>Záznam je poškozený</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Toolbar</source>
        <translation>Panel nástrojů</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Okno</translation>
    </message>
    <message>
        <source>Go to {name}</source>
        <translation>Přejít na {name}</translation>
    </message>
</context>
<context>
    <name>InnerNames</name>
    <message>
        <source>{control} choices</source>
        <translation>{control} – nabídka</translation>
    </message>
    <message>
        <source>{control} vertical scroll bar</source>
        <translation>{control} – svislý posuvník</translation>
    </message>
    <message>
        <source>{control} horizontal scroll bar</source>
        <translation>{control} – vodorovný posuvník</translation>
    </message>
    <message>
        <source>More tools</source>
        <translation>Další nástroje</translation>
    </message>
    <message>
        <source>The toolbar&apos;s commands that do not fit on the screen.</source>
        <translation>Příkazy panelu nástrojů, které se nevešly na obrazovku.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Saving the photo</source>
        <translation>Ukládám fotku</translation>
    </message>
    <message>
        <source>Describing the scene</source>
        <translation>Popisuji scénu</translation>
    </message>
    <message>
        <source>Checking the description</source>
        <translation>Kontroluji popis</translation>
    </message>
    <message>
        <source>Painting the description</source>
        <translation>Maluji podle popisu</translation>
    </message>
    <message>
        <source>Still working on the last photo — wait until the painting is ready.</source>
        <translation>Ještě pracuji na minulé fotce — počkejte, až bude malba hotová.</translation>
    </message>
    <message>
        <source>No API key: camdraw runs the offline demo — descriptions and paintings made on this computer by OpenCV, nothing is sent anywhere. Add a key in Settings to use the online service.</source>
        <translation type="vanished">Chybí klíč API: camdraw běží jako offline ukázka — popisy a malby vytváří OpenCV přímo v tomto počítači a nic se nikam neposílá. Chcete-li používat online službu, přidejte klíč v Nastavení.</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Zprávy</translation>
    </message>
    <message>
        <source>Camera {index}</source>
        <translation>Kamera {index}</translation>
    </message>
    <message>
        <source>Video file {name}</source>
        <translation>Videosoubor {name}</translation>
    </message>
    <message>
        <source>Camera stream from {host}</source>
        <translation>Kamerový přenos z {host}</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>Spouštím kameru…</translation>
    </message>
    <message>
        <source>camdraw</source>
        <translation>camdraw</translation>
    </message>
    <message>
        <source>Camera preview</source>
        <translation>Náhled kamery</translation>
    </message>
    <message>
        <source>The photo appears here.</source>
        <translation>Zde se objeví fotka.</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Fotka</translation>
    </message>
    <message>
        <source>Press Space to take a photo and paint it.</source>
        <translation>Stiskněte mezerník, vyfoťte a nechte fotku namalovat.</translation>
    </message>
    <message>
        <source>Painting</source>
        <translation>Malba</translation>
    </message>
    <message>
        <source>Painting style</source>
        <translation>Styl malby</translation>
    </message>
    <message>
        <source>C&amp;amera</source>
        <translation>&amp;Kamera</translation>
    </message>
    <message>
        <source>Ph&amp;oto</source>
        <translation>&amp;Fotka</translation>
    </message>
    <message>
        <source>&amp;Painting</source>
        <translation>&amp;Malba</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Popis</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Popis</translation>
    </message>
    <message>
        <source>The description of the photo appears here.</source>
        <translation>Zde se objeví popis fotky.</translation>
    </message>
    <message>
        <source>Painting of: {description}</source>
        <translation>Malba: {description}</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Připraveno.</translation>
    </message>
    <message>
        <source>Status bar</source>
        <translation>Stavový řádek</translation>
    </message>
    <message>
        <source>Resize the window</source>
        <translation>Změnit velikost okna</translation>
    </message>
    <message>
        <source>Offline demo</source>
        <translation>Offline ukázka</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Služba</translation>
    </message>
    <message>
        <source>The offline demo runs: nothing is sent anywhere.</source>
        <translation>Běží offline ukázka: nic se nikam neposílá.</translation>
    </message>
    <message>
        <source>camdraw — offline demo</source>
        <translation>camdraw — offline ukázka</translation>
    </message>
    <message>
        <source>Camera: {label}. Press Space to take a photo.</source>
        <translation>Kamera: {label}. Fotku pořídíte mezerníkem.</translation>
    </message>
    <message>
        <source>Retry camera</source>
        <translation>Zkusit kameru znovu</translation>
    </message>
    <message>
        <source>No camera picture: see the message above.</source>
        <translation>Kamera nedává obraz: viz zprávu výše.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Nastavení</translation>
    </message>
    <message>
        <source>Ready. Press Space to take a photo.</source>
        <translation>Připraveno. Fotku pořídíte mezerníkem.</translation>
    </message>
    <message>
        <source>There is no camera picture to take. Check the camera, or choose another one in Settings (Ctrl+,).</source>
        <translation>Z kamery není co vyfotit. Zkontrolujte kameru, nebo vyberte jinou v Nastavení (Ctrl+,).</translation>
    </message>
    <message>
        <source>Waiting for the description…</source>
        <translation>Čekám na popis…</translation>
    </message>
    <message>
        <source>{message} The photo is kept in memory until it can be saved.</source>
        <translation>{message} Fotka zůstává v paměti, dokud ji nepůjde uložit.</translation>
    </message>
    <message>
        <source>Choose another folder…</source>
        <translation>Vybrat jinou složku…</translation>
    </message>
    <message>
        <source>The photo is not saved yet: see the message above.</source>
        <translation>Fotka zatím není uložená: viz zprávu výše.</translation>
    </message>
    <message>
        <source>The photo is not saved yet.</source>
        <translation>Fotka zatím není uložená.</translation>
    </message>
    <message>
        <source>Save photos and paintings in…</source>
        <translation>Ukládat fotky a malby do…</translation>
    </message>
    <message>
        <source>Trying again…</source>
        <translation>Zkouším znovu…</translation>
    </message>
    <message>
        <source>Painting it again…</source>
        <translation>Maluji znovu…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Ruším…</translation>
    </message>
    <message>
        <source>Painting it anew…</source>
        <translation>Maluji nanovo…</translation>
    </message>
    <message>
        <source>Painting…</source>
        <translation>Maluji…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Zkusit znovu</translation>
    </message>
    <message>
        <source>Regenerate anyway</source>
        <translation>Přesto vytvořit znovu</translation>
    </message>
    <message>
        <source>{step}… {seconds} s</source>
        <translation>{step}… {seconds} s</translation>
    </message>
    <message>
        <source>Nothing to read aloud yet.</source>
        <translation>Zatím není co přečíst.</translation>
    </message>
    <message>
        <source>Menu bar</source>
        <translation>Nabídka</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Akce</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>Panel nástrojů</translation>
    </message>
    <message>
        <source>&amp;Round</source>
        <translation>&amp;Snímek</translation>
    </message>
    <message>
        <source>&amp;Take photo</source>
        <translation>&amp;Vyfotit</translation>
    </message>
    <message>
        <source>What the camera &amp;sees</source>
        <translation>Co vidí &amp;kamera</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Zkusit znovu</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Z&amp;rušit</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Ukončit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Zobrazení</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>&amp;Celá obrazovka</translation>
    </message>
    <message>
        <source>&amp;Photobooth mode</source>
        <translation>&amp;Režim fotokoutku</translation>
    </message>
    <message>
        <source>&amp;Unlock photobooth</source>
        <translation>&amp;Odemknout fotokoutek</translation>
    </message>
    <message>
        <source>M&amp;irror</source>
        <translation>&amp;Zrcadlit</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Nástroje</translation>
    </message>
    <message>
        <source>As&amp;k</source>
        <translation>&amp;Otázky</translation>
    </message>
    <message>
        <source>&amp;Ask about the photo</source>
        <translation>&amp;Zeptat se na fotku</translation>
    </message>
    <message>
        <source>&amp;Read the text</source>
        <translation>&amp;Přečíst text</translation>
    </message>
    <message>
        <source>Describe in more &amp;detail</source>
        <translation>Popsat po&amp;drobněji</translation>
    </message>
    <message>
        <source>What &amp;colours?</source>
        <translation>Jaké &amp;barvy?</translation>
    </message>
    <message>
        <source>&amp;Where is …?</source>
        <translation>&amp;Kde je …?</translation>
    </message>
    <message>
        <source>St&amp;yle:</source>
        <translation>St&amp;yl:</translation>
    </message>
    <message>
        <source>&amp;Likeness (paint from the photo)</source>
        <translation>&amp;Podoba (malovat podle fotky)</translation>
    </message>
    <message>
        <source>Likeness</source>
        <translation>Podoba</translation>
    </message>
    <message>
        <source>&amp;Gallery…</source>
        <translation>&amp;Galerie…</translation>
    </message>
    <message>
        <source>S&amp;peak again</source>
        <translation>Př&amp;ečíst znovu</translation>
    </message>
    <message>
        <source>&amp;Mute</source>
        <translation>&amp;Ztlumit</translation>
    </message>
    <message>
        <source>&amp;Open images folder</source>
        <translation>&amp;Otevřít složku s obrázky</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Nastavení…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Nápo&amp;věda</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Klávesové zkratky</translation>
    </message>
    <message>
        <source>&amp;About camdraw</source>
        <translation>&amp;O aplikaci camdraw</translation>
    </message>
    <message>
        <source>About camdraw</source>
        <translation>O aplikaci camdraw</translation>
    </message>
    <message>
        <source>camdraw {version}

Point a webcam at the world and press Space: a vision model describes the photo, an image model paints the description, and both are saved and read aloud.

Press F1 for the keyboard shortcuts.</source>
        <translation>camdraw {version}

Namiřte webkameru na svět a stiskněte mezerník: model pro vidění fotku popíše, obrazový model popis namaluje a obojí se uloží a přečte nahlas.

Klávesové zkratky zobrazí F1.</translation>
    </message>
    <message>
        <source>{camera}, showing a live picture</source>
        <translation>{camera}, zobrazuje živý obraz</translation>
    </message>
    <message>
        <source>{camera}, no picture: {text}</source>
        <translation>{camera}, žádný obraz: {text}</translation>
    </message>
    <message>
        <source>{camera}, no picture</source>
        <translation>{camera}, žádný obraz</translation>
    </message>
    <message>
        <source>Read the text</source>
        <translation>Přečíst text</translation>
    </message>
    <message>
        <source>Describe in more detail</source>
        <translation>Popsat podrobněji</translation>
    </message>
    <message>
        <source>What colours?</source>
        <translation>Jaké barvy?</translation>
    </message>
</context>
<context>
    <name>Photobooth</name>
    <message>
        <source>Photo in {n}…</source>
        <translation>Fotka za {n}…</translation>
    </message>
    <message>
        <source>Countdown cancelled. Press Space to start again.</source>
        <translation>Odpočet zrušen. Mezerníkem začnete znovu.</translation>
    </message>
    <message>
        <source>Photobooth: press Space to take a photo.</source>
        <translation>Fotokoutek: fotku pořídíte mezerníkem.</translation>
    </message>
</context>
<context>
    <name>PrivacyNotice</name>
    <message>
        <source>Where the round was made</source>
        <translation>Kde kolo vzniklo</translation>
    </message>
    <message>
        <source>Where your photos go</source>
        <translation>Kam jdou vaše fotky</translation>
    </message>
    <message>
        <source>Before the first photo goes to this server:</source>
        <translation>Než první fotka odejde na tento server:</translation>
    </message>
    <message>
        <source>&amp;Send photos</source>
        <translation>&amp;Odeslat fotky</translation>
    </message>
</context>
<context>
    <name>QuestionController</name>
    <message>
        <source>Take a photo first, then ask about it.</source>
        <translation>Nejdřív pořiďte fotku, pak se na ni zeptejte.</translation>
    </message>
    <message>
        <source>Wait for the answer to the last question.</source>
        <translation>Počkejte na odpověď na předchozí otázku.</translation>
    </message>
</context>
<context>
    <name>QuestionPanel</name>
    <message>
        <source>Co&amp;nversation</source>
        <translation>&amp;Rozhovor</translation>
    </message>
    <message>
        <source>&amp;Question:</source>
        <translation>&amp;Dotaz:</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Rozhovor</translation>
    </message>
    <message>
        <source>Questions about the photo and their answers appear here.</source>
        <translation>Zde se objeví otázky k fotce a odpovědi na ně.</translation>
    </message>
    <message>
        <source>Question about the photo</source>
        <translation>Otázka k fotce</translation>
    </message>
    <message>
        <source>Enter asks, Esc goes back to the description. Ctrl+K comes back here.</source>
        <translation>Enter otázku odešle, Esc vrátí na popis. Sem se vrátíte klávesou Ctrl+K.</translation>
    </message>
    <message>
        <source>Ask about the photo (Ctrl+K), then press Enter</source>
        <translation>Zeptejte se na fotku (Ctrl+K) a stiskněte Enter</translation>
    </message>
    <message>
        <source>Questions about the photo</source>
        <translation>Otázky k fotce</translation>
    </message>
    <message>
        <source>(waiting for the answer)</source>
        <translation>(čeká se na odpověď)</translation>
    </message>
    <message>
        <source>Question: {question}</source>
        <translation>Otázka: {question}</translation>
    </message>
    <message>
        <source>Answer: {answer}</source>
        <translation>Odpověď: {answer}</translation>
    </message>
</context>
<context>
    <name>Questions</name>
    <message>
        <source>Asking about the photo…</source>
        <translation>Ptám se na fotku…</translation>
    </message>
</context>
<context>
    <name>RoundText</name>
    <message>
        <source>, cost {cost}</source>
        <translation>, cena {cost}</translation>
    </message>
    <message>
        <source> (today {spent} of {budget})</source>
        <translation> (dnes {spent} z {budget})</translation>
    </message>
    <message>
        <source>the same photo was described and painted before</source>
        <translation>stejná fotka už byla popsána a namalována</translation>
    </message>
    <message>
        <source>a nearly identical photo was described and painted before ({source})</source>
        <translation>téměř stejná fotka už byla popsána a namalována ({source})</translation>
    </message>
    <message>
        <source>the same description was painted before</source>
        <translation>stejný popis už byl namalován</translation>
    </message>
    <message>
        <source>From cache: {what}, so no request was sent.</source>
        <translation>Z mezipaměti: {what}, proto se nic neodeslalo.</translation>
    </message>
    <message>
        <source>{style}, offline demo</source>
        <translation>{style}, offline ukázka</translation>
    </message>
    <message>
        <source>offline demo</source>
        <translation>offline ukázka</translation>
    </message>
    <message>
        <source>The photo could not be saved; it is kept in memory. Choose another folder (see the message above).</source>
        <translation>Fotku nešlo uložit; zůstává v paměti. Vyberte jinou složku (viz zprávu výše).</translation>
    </message>
    <message>
        <source>The photo could not be taken.</source>
        <translation>Fotku nešlo pořídit.</translation>
    </message>
    <message>
        <source>Press Space to try again.</source>
        <translation>Mezerníkem to zkusíte znovu.</translation>
    </message>
    <message>
        <source>Not painted. Press Space for the next photo.</source>
        <translation>Nenamalováno. Další fotku pořídíte mezerníkem.</translation>
    </message>
    <message>
        <source>Not painted: see the message above.</source>
        <translation>Nenamalováno: viz zprávu výše.</translation>
    </message>
    <message>
        <source>, offline demo</source>
        <translation>, offline ukázka</translation>
    </message>
    <message>
        <source>, from cache</source>
        <translation>, z mezipaměti</translation>
    </message>
    <message>
        <source>Done in {seconds} s{extra}. Saved as {stem} in {folder}. Press Space for the next photo.</source>
        <translation>Hotovo za {seconds} s{extra}. Uloženo jako {stem} ve složce {folder}. Další fotku pořídíte mezerníkem.</translation>
    </message>
    <message>
        <source>A step failed.</source>
        <translation>Jeden krok se nezdařil.</translation>
    </message>
    <message>
        <source> The photo is saved ({name}).</source>
        <translation> Fotka je uložená ({name}).</translation>
    </message>
    <message>
        <source> (offline demo)</source>
        <translation> (offline ukázka)</translation>
    </message>
    <message>
        <source>The round stopped: see the message above. Retry, or press Space.</source>
        <translation>Zpracování se zastavilo: viz zprávu výše. Zkuste to znovu, nebo stiskněte mezerník.</translation>
    </message>
    <message>
        <source>No painting this time.</source>
        <translation>Tentokrát bez malby.</translation>
    </message>
</context>
<context>
    <name>RoundView</name>
    <message>
        <source>Round</source>
        <translation>Snímek</translation>
    </message>
    <message>
        <source>Round date, style and status</source>
        <translation>Datum, styl a stav snímku</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Fotka</translation>
    </message>
    <message>
        <source>Painting</source>
        <translation>Malba</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Načítám…</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Popis</translation>
    </message>
    <message>
        <source>D&amp;escription:</source>
        <translation>&amp;Popis:</translation>
    </message>
    <message>
        <source>Round details</source>
        <translation>Podrobnosti snímku</translation>
    </message>
    <message>
        <source>&amp;Speak again</source>
        <translation>Př&amp;ečíst znovu</translation>
    </message>
    <message>
        <source>Speak again</source>
        <translation>Přečíst znovu</translation>
    </message>
    <message>
        <source>&amp;Retry failed steps</source>
        <translation>&amp;Opakovat nezdařené kroky</translation>
    </message>
    <message>
        <source>Retry failed steps</source>
        <translation>Opakovat nezdařené kroky</translation>
    </message>
    <message>
        <source>Style to paint again in</source>
        <translation>Styl nové malby</translation>
    </message>
    <message>
        <source>Paint again in st&amp;yle:</source>
        <translation>Znovu namalovat ve st&amp;ylu:</translation>
    </message>
    <message>
        <source>&amp;Paint again</source>
        <translation>Na&amp;malovat znovu</translation>
    </message>
    <message>
        <source>Paint again</source>
        <translation>Namalovat znovu</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Ukázat ve &amp;složce</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Ukázat ve složce</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>Smaza&amp;t…</translation>
    </message>
    <message>
        <source>Delete round</source>
        <translation>Smazat snímek</translation>
    </message>
    <message>
        <source>&amp;Back to all rounds</source>
        <translation>Zpět na &amp;všechny snímky</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zpět</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>Bez fotky</translation>
    </message>
    <message>
        <source>No painting</source>
        <translation>Bez malby</translation>
    </message>
    <message>
        <source>The photo cannot be shown.</source>
        <translation>Fotku nelze zobrazit.</translation>
    </message>
    <message>
        <source>The painting cannot be shown.</source>
        <translation>Malbu nelze zobrazit.</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>Stav: {status}</translation>
    </message>
    <message>
        <source>The round&apos;s record cannot be read; its pictures are kept.</source>
        <translation>Záznam snímku nelze přečíst; jeho obrázky zůstávají zachované.</translation>
    </message>
    <message>
        <source>Failed steps: {steps}</source>
        <translation>Nezdařené kroky: {steps}</translation>
    </message>
    <message>
        <source>Made by the offline demo.</source>
        <translation>Vytvořeno offline ukázkou.</translation>
    </message>
    <message>
        <source>Painted from the photo (likeness).</source>
        <translation>Namalováno podle fotky (podoba).</translation>
    </message>
    <message>
        <source>The photo file is missing.</source>
        <translation>Soubor s fotkou chybí.</translation>
    </message>
</context>
<context>
    <name>ServerPanel</name>
    <message>
        <source>Describing server</source>
        <translation>Server pro popis</translation>
    </message>
    <message>
        <source>Painting server</source>
        <translation>Server pro malbu</translation>
    </message>
    <message>
        <source>Same as describing</source>
        <translation>Stejný jako pro popis</translation>
    </message>
    <message>
        <source>preset</source>
        <translation>předvolba</translation>
    </message>
    <message>
        <source>Ser&amp;ver</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>About this server</source>
        <translation>O tomto serveru</translation>
    </message>
    <message>
        <source>address</source>
        <translation>adresa</translation>
    </message>
    <message>
        <source>&amp;Address (base URL)</source>
        <translation>&amp;Adresa (základní URL)</translation>
    </message>
    <message>
        <source>Key status</source>
        <translation>Stav klíče</translation>
    </message>
    <message>
        <source>Paste a new key here</source>
        <translation>Sem vložte nový klíč</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Klíč API</translation>
    </message>
    <message>
        <source>Painting server API key</source>
        <translation>Klíč API serveru pro malbu</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>&amp;Klíč API</translation>
    </message>
    <message>
        <source>S&amp;tore in keyring</source>
        <translation>&amp;Uložit do klíčenky</translation>
    </message>
    <message>
        <source>Use for this &amp;session only</source>
        <translation>Použít jen pro &amp;toto spuštění</translation>
    </message>
    <message>
        <source>&amp;Delete stored key</source>
        <translation>Sma&amp;zat uložený klíč</translation>
    </message>
    <message>
        <source>Test &amp;connection</source>
        <translation>&amp;Vyzkoušet spojení</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Vyzkoušet spojení</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Výsledek zkoušky spojení</translation>
    </message>
    <message>
        <source>Painting uses the describing server and its key.</source>
        <translation>Malba používá server pro popis a jeho klíč.</translation>
    </message>
    <message>
        <source>empty: OPENAI_BASE_URL or https://api.openai.com/v1</source>
        <translation>prázdné: OPENAI_BASE_URL nebo https://api.openai.com/v1</translation>
    </message>
    <message>
        <source>e.g. http://localhost:11434/v1</source>
        <translation>např. http://localhost:11434/v1</translation>
    </message>
    <message>
        <source>A key for {server} is stored in the system keyring.</source>
        <translation>Klíč pro {server} je uložen v systémové klíčence.</translation>
    </message>
    <message>
        <source>A key for {server} is set for this session only (it is forgotten when camdraw quits).</source>
        <translation>Klíč pro {server} je nastaven jen pro toto sezení (po ukončení camdraw se zapomene).</translation>
    </message>
    <message>
        <source>Using the key from the OPENAI_API_KEY environment variable for {server}.</source>
        <translation>Pro {server} se používá klíč z proměnné prostředí OPENAI_API_KEY.</translation>
    </message>
    <message>
        <source>No key is set for {server}.</source>
        <translation>Pro {server} není nastaven žádný klíč.</translation>
    </message>
    <message>
        <source>A key is stored in the system keyring.</source>
        <translation type="vanished">Klíč je uložen v systémové klíčence.</translation>
    </message>
    <message>
        <source>A key is set for this session only (it is forgotten when camdraw quits).</source>
        <translation type="vanished">Klíč platí jen pro toto spuštění (po ukončení camdraw se zapomene).</translation>
    </message>
    <message>
        <source>Using the key from the OPENAI_API_KEY environment variable.</source>
        <translation type="vanished">Používá se klíč z proměnné prostředí OPENAI_API_KEY.</translation>
    </message>
    <message>
        <source>No key is set.</source>
        <translation type="vanished">Není nastaven žádný klíč.</translation>
    </message>
    <message>
        <source>The describing server&apos;s key is used.</source>
        <translation>Používá se klíč serveru pro popis.</translation>
    </message>
    <message>
        <source>This server needs no key; none is sent.</source>
        <translation>Tento server klíč nepotřebuje; žádný se neposílá.</translation>
    </message>
    <message>
        <source>Enter this server&apos;s address first: a key is kept for one server and sent only to it.</source>
        <translation>Nejprve zadejte adresu tohoto serveru: klíč patří jednomu serveru a posílá se jen jemu.</translation>
    </message>
    <message>
        <source>Paste a key into the field first.</source>
        <translation>Nejdřív vložte klíč do pole.</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Zkouším spojení…</translation>
    </message>
</context>
<context>
    <name>ServiceWatch</name>
    <message>
        <source>No API key: camdraw runs the offline demo — descriptions and paintings made on this computer by OpenCV, nothing is sent anywhere. Add a key in Settings to use the online service.</source>
        <translation>Chybí klíč API: camdraw běží jako offline ukázka — popisy a malby vytváří OpenCV přímo v tomto počítači a nic se nikam neposílá. Chcete-li používat online službu, přidejte klíč v Nastavení.</translation>
    </message>
    <message>
        <source>No OpenAI API key is set for {server}: this server needs its own key (the key stored for OpenAI is sent only to https://api.openai.com). Add one in Settings (Ctrl+,), or set the OPENAI_API_KEY environment variable and restart camdraw.</source>
        <translation>Pro {server} není nastaven žádný klíč OpenAI API: tento server potřebuje vlastní klíč (klíč uložený pro OpenAI se posílá jen na https://api.openai.com). Přidejte ho v Nastavení (Ctrl+,), nebo nastavte proměnnou prostředí OPENAI_API_KEY a spusťte camdraw znovu.</translation>
    </message>
    <message>
        <source>No OpenAI API key is set. Add one in Settings (Ctrl+,), or set the OPENAI_API_KEY environment variable and restart camdraw.</source>
        <translation>Není nastaven klíč OpenAI API. Přidejte ho v Nastavení (Ctrl+,), nebo nastavte proměnnou prostředí OPENAI_API_KEY a spusťte camdraw znovu.</translation>
    </message>
    <message>
        <source>No API key is set for {server}. Add one in Settings (Ctrl+,).</source>
        <translation>Pro {server} není nastaven klíč API. Přidejte ho v Nastavení (Ctrl+,).</translation>
    </message>
    <message>
        <source>This system has no secure keyring: enter the key for this session only.</source>
        <translation>Tento systém nemá zabezpečenou klíčenku: zadejte klíč jen pro toto spuštění.</translation>
    </message>
    <message>
        <source>Add key…</source>
        <translation>Přidat klíč…</translation>
    </message>
    <message>
        <source>Keep the demo</source>
        <translation>Zůstat u ukázky</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Otevřít nastavení</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>camdraw settings</source>
        <translation>Nastavení camdraw</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Části nastavení</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Služba</translation>
    </message>
    <message>
        <source>Painting</source>
        <translation>Malba</translation>
    </message>
    <message>
        <source>Description, camera, speech</source>
        <translation>Popis, kamera, řeč</translation>
    </message>
    <message>
        <source>Photobooth and interface</source>
        <translation>Fotokoutek a rozhraní</translation>
    </message>
    <message>
        <source>Safety and limits</source>
        <translation>Bezpečnost a limity</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Soukromí</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problém</translation>
    </message>
    <message>
        <source>Automatic: offline demo when there is no key</source>
        <translation>Automaticky: bez klíče offline ukázka</translation>
    </message>
    <message>
        <source>Online service</source>
        <translation>Online služba</translation>
    </message>
    <message>
        <source>Offline demo (no network)</source>
        <translation>Offline ukázka (bez sítě)</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>Reži&amp;m</translation>
    </message>
    <message>
        <source>Service mode</source>
        <translation>Režim služby</translation>
    </message>
    <message>
        <source>Allow unencrypted &amp;http to another machine (the key is sent in clear text)</source>
        <translation>Povolit nešifrované &amp;http k jinému počítači (klíč se posílá otevřeně)</translation>
    </message>
    <message>
        <source>Allow unencrypted http</source>
        <translation>Povolit nešifrované http</translation>
    </message>
    <message>
        <source>Vision m&amp;odel</source>
        <translation>Model pro &amp;popis</translation>
    </message>
    <message>
        <source>Photo detai&amp;l sent</source>
        <translation>&amp;Detail odesílané fotky</translation>
    </message>
    <message>
        <source>Description time-o&amp;ut</source>
        <translation>Časový &amp;limit popisu</translation>
    </message>
    <message>
        <source>&amp;Image model</source>
        <translation>&amp;Obrazový model</translation>
    </message>
    <message>
        <source>Painting si&amp;ze</source>
        <translation>Ve&amp;likost malby</translation>
    </message>
    <message>
        <source>Painting &amp;quality</source>
        <translation>Kval&amp;ita malby</translation>
    </message>
    <message>
        <source>Paint from the p&amp;hoto (likeness)</source>
        <translation>Malovat podle &amp;fotky (podoba)</translation>
    </message>
    <message>
        <source>Paint from the photo (likeness)</source>
        <translation>Malovat podle fotky (podoba)</translation>
    </message>
    <message>
        <source>The photo itself is sent to the image model, which keeps its composition</source>
        <translation>Obrazovému modelu se pošle samotná fotka a malba zachová její kompozici</translation>
    </message>
    <message>
        <source>Painting ti&amp;me-out</source>
        <translation>Časový limit &amp;malby</translation>
    </message>
    <message>
        <source>model default ({default})</source>
        <translation>výchozí pro model ({default})</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>výchozí pro model</translation>
    </message>
    <message>
        <source>Images folder</source>
        <translation>Složka s obrázky</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Description &amp;language</source>
        <translation>&amp;Jazyk popisu</translation>
    </message>
    <message>
        <source>empty: the built-in prompt for the language</source>
        <translation>prázdné: vestavěné zadání pro daný jazyk</translation>
    </message>
    <message>
        <source>Own &amp;prompt</source>
        <translation>&amp;Vlastní zadání</translation>
    </message>
    <message>
        <source>Longest description (&amp;tokens)</source>
        <translation>Nejdelší popis (&amp;tokeny)</translation>
    </message>
    <message>
        <source>A device number, a video file or a stream URL</source>
        <translation>Číslo zařízení, videosoubor nebo adresa streamu</translation>
    </message>
    <message>
        <source>&amp;Camera</source>
        <translation>&amp;Kamera</translation>
    </message>
    <message>
        <source>&amp;Mirror the preview</source>
        <translation>&amp;Zrcadlit náhled</translation>
    </message>
    <message>
        <source>Do &amp;not read descriptions aloud</source>
        <translation>&amp;Nečíst popisy nahlas</translation>
    </message>
    <message>
        <source>Save each narration as a &amp;WAV file</source>
        <translation>Ukládat každé čtení jako soubor &amp;WAV</translation>
    </message>
    <message>
        <source>Speak the &amp;status aloud (taking photo, describing…)</source>
        <translation>Hlásit &amp;stav nahlas (fotím, popisuji…)</translation>
    </message>
    <message>
        <source>empty: a voice for the description language</source>
        <translation>prázdné: hlas pro jazyk popisu</translation>
    </message>
    <message>
        <source>&amp;Voice (name or id)</source>
        <translation>&amp;Hlas (název nebo id)</translation>
    </message>
    <message>
        <source>Automatic: the screen reader when one is running</source>
        <translation>Automaticky: čtečka obrazovky, když běží</translation>
    </message>
    <message>
        <source>camdraw&apos;s voice</source>
        <translation>Hlas camdraw</translation>
    </message>
    <message>
        <source>The screen reader</source>
        <translation>Čtečka obrazovky</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>Obojí</translation>
    </message>
    <message>
        <source>Who reads the &amp;description</source>
        <translation>K&amp;do čte popis</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Procházet…</translation>
    </message>
    <message>
        <source>Browse for the images folder</source>
        <translation>Vybrat složku s obrázky</translation>
    </message>
    <message>
        <source>&amp;Images folder</source>
        <translation>Složka s &amp;obrázky</translation>
    </message>
    <message>
        <source>no countdown</source>
        <translation>bez odpočtu</translation>
    </message>
    <message>
        <source>&amp;Countdown before the photo</source>
        <translation>&amp;Odpočet před fotkou</translation>
    </message>
    <message>
        <source>stay on the result</source>
        <translation>zůstat u výsledku</translation>
    </message>
    <message>
        <source>&amp;Return to the preview after</source>
        <translation>&amp;Návrat k náhledu po</translation>
    </message>
    <message>
        <source>Say what the camera sees when the countdown starts (&amp;framing help)</source>
        <translation>Na začátku odpočtu říct, co vidí kamera (pomoc se z&amp;aměřením)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Podle systému</translation>
    </message>
    <message>
        <source>Applies after a restart</source>
        <translation>Projeví se po novém spuštění</translation>
    </message>
    <message>
        <source>&amp;Interface language (applies after restart)</source>
        <translation>&amp;Jazyk rozhraní (projeví se po novém spuštění)</translation>
    </message>
    <message>
        <source>Off (no moderation check)</source>
        <translation>Vypnuto (bez kontroly moderace)</translation>
    </message>
    <message>
        <source>empty: no moderation check</source>
        <translation>prázdné: bez kontroly moderací</translation>
    </message>
    <message>
        <source>Descriptions are checked with this moderation model before they are painted</source>
        <translation>Popisy se před malováním kontrolují tímto moderačním modelem</translation>
    </message>
    <message>
        <source>&amp;Moderation model</source>
        <translation>Model m&amp;oderace</translation>
    </message>
    <message>
        <source>&amp;Pause between photos</source>
        <translation>Pa&amp;uza mezi fotkami</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>bez omezení</translation>
    </message>
    <message>
        <source>Photos per &amp;hour, at most</source>
        <translation>Nejvýše fotek za &amp;hodinu</translation>
    </message>
    <message>
        <source>no budget</source>
        <translation>bez rozpočtu</translation>
    </message>
    <message>
        <source>Daily &amp;budget (USD)</source>
        <translation>Denní &amp;rozpočet (USD)</translation>
    </message>
    <message>
        <source>Reuse the result for the same or a nearly identical photo</source>
        <translation>Znovu použít výsledek pro stejnou nebo téměř stejnou fotku</translation>
    </message>
    <message>
        <source>&amp;Cache</source>
        <translation>&amp;Mezipaměť</translation>
    </message>
    <message>
        <source>identical photos only</source>
        <translation>jen shodné fotky</translation>
    </message>
    <message>
        <source>How different (in bits of 64) a photo may be and still count as the same scene</source>
        <translation>Jak moc se fotka smí lišit (v bitech z 64), aby se stále počítala jako stejná scéna</translation>
    </message>
    <message>
        <source>&amp;Similarity threshold</source>
        <translation>&amp;Práh podobnosti</translation>
    </message>
</context>
<context>
    <name>SettingsPrivacy</name>
    <message>
        <source>&amp;Blur faces in the photos that are sent</source>
        <translation>&amp;Rozmazat obličeje v odesílaných fotkách</translation>
    </message>
    <message>
        <source>Faces are blurred in the picture sent to the describing server; the photo kept on this computer stays as taken. Descriptions of people become vaguer, and in likeness mode the painting starts from the blurred photo too.</source>
        <translation>Obličeje se rozmažou v obrázku, který dostane server k popsání; fotka uložená v tomto počítači zůstane tak, jak byla pořízena. Popisy lidí budou méně přesné a v režimu podoby vychází z rozmazané fotky i obraz.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dní</translation>
    </message>
    <message>
        <source>keep for ever</source>
        <translation>uchovávat navždy</translation>
    </message>
    <message>
        <source>Older rounds (photo, painting, record, narration) are deleted when camdraw starts and once a day</source>
        <translation>Starší kola (fotka, obraz, záznam, nahrávka) se smažou při spuštění camdraw a jednou denně</translation>
    </message>
    <message>
        <source>&amp;Delete rounds older than</source>
        <translation>&amp;Mazat kola starší než</translation>
    </message>
    <message>
        <source>Photobooth: tell each &amp;visitor where the photo goes before the countdown</source>
        <translation>Fotokoutek: před odpočtem říct každému &amp;návštěvníkovi, kam jeho fotka jde</translation>
    </message>
    <message>
        <source>Photobooth: d&amp;elete each visitor&apos;s round after it has been shown</source>
        <translation>Fotokoutek: &amp;smazat kolo každého návštěvníka, jakmile bylo ukázáno</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>on return to the preview</source>
        <translation>při návratu k náhledu</translation>
    </message>
    <message>
        <source>Delete the visitor&apos;s round &amp;after</source>
        <translation>Kolo návštěvníka smazat &amp;po</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Klávesové zkratky</translation>
    </message>
    <message>
        <source>(from the menu)</source>
        <translation>(z nabídky)</translation>
    </message>
    <message>
        <source>{menu} menu</source>
        <translation>Nabídka {menu}</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>Zkratky</translation>
    </message>
    <message>
        <source>Every key of the window and the gallery, what it does and where.</source>
        <translation>Každá klávesa okna a galerie, co dělá a kde.</translation>
    </message>
    <message>
        <source>Every command of the window, its menu and its keys.</source>
        <translation type="vanished">Všechny příkazy okna, jejich nabídka a klávesy.</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation type="vanished">Nabídka</translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="vanished">Příkaz</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Klávesy</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>Co dělá</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Kde</translation>
    </message>
    <message>
        <source>Dialog buttons</source>
        <translation>Tlačítka dialogu</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <source>Status</source>
        <translation>Stav</translation>
    </message>
</context>
<context>
    <name>StylePicker</name>
    <message>
        <source>Painting style</source>
        <translation>Styl malby</translation>
    </message>
    <message>
        <source>The style the next painting is made in.</source>
        <translation>Styl, ve kterém vznikne další malba.</translation>
    </message>
    <message>
        <source>No style</source>
        <translation>Bez stylu</translation>
    </message>
</context>
<context>
    <name>StylesEditor</name>
    <message>
        <source>Painting style</source>
        <translation>Styl malby</translation>
    </message>
    <message>
        <source>St&amp;yle</source>
        <translation>St&amp;yl</translation>
    </message>
    <message>
        <source>Your own styles</source>
        <translation>Vlastní styly</translation>
    </message>
    <message>
        <source>Y&amp;our own styles</source>
        <translation>Vlast&amp;ní styly</translation>
    </message>
    <message>
        <source>New style name</source>
        <translation>Název nového stylu</translation>
    </message>
    <message>
        <source>New style &amp;name</source>
        <translation>Náz&amp;ev nového stylu</translation>
    </message>
    <message>
        <source>Words for the painter</source>
        <translation>Pokyny pro malíře</translation>
    </message>
    <message>
        <source>e.g. Style: a mosaic of small glass tiles.</source>
        <translation>např. Styl: mozaika z drobných skleněných kostiček.</translation>
    </message>
    <message>
        <source>&amp;Words for the painter</source>
        <translation>&amp;Pokyny pro malíře</translation>
    </message>
    <message>
        <source>Add sty&amp;le</source>
        <translation>Při&amp;dat styl</translation>
    </message>
    <message>
        <source>Add style</source>
        <translation>Přidat styl</translation>
    </message>
    <message>
        <source>&amp;Remove style</source>
        <translation>Odeb&amp;rat styl</translation>
    </message>
    <message>
        <source>Remove style</source>
        <translation>Odebrat styl</translation>
    </message>
    <message>
        <source>No style</source>
        <translation type="vanished">Bez stylu</translation>
    </message>
</context>
<context>
    <name>WindowExtras</name>
    <message>
        <source>Photo in {n}…</source>
        <translation type="vanished">Fotka za {n}…</translation>
    </message>
    <message>
        <source>Countdown cancelled. Press Space to start again.</source>
        <translation type="vanished">Odpočet zrušen. Mezerníkem začnete znovu.</translation>
    </message>
    <message>
        <source>Press Space to take a photo and paint it.</source>
        <translation type="vanished">Stiskněte mezerník, vyfoťte a nechte fotku namalovat.</translation>
    </message>
    <message>
        <source>Ready. Press Space to take a photo.</source>
        <translation type="vanished">Připraveno. Fotku pořídíte mezerníkem.</translation>
    </message>
    <message>
        <source>Photobooth: press Space to take a photo. Ctrl+Shift+U unlocks.</source>
        <translation type="vanished">Fotokoutek: fotku pořídíte mezerníkem. Ctrl+Shift+U odemkne.</translation>
    </message>
    <message>
        <source>Photobooth: press Space to take a photo.</source>
        <translation type="vanished">Fotokoutek: fotku pořídíte mezerníkem.</translation>
    </message>
    <message>
        <source>Add key…</source>
        <translation type="vanished">Přidat klíč…</translation>
    </message>
    <message>
        <source>Keep the demo</source>
        <translation type="vanished">Zůstat u ukázky</translation>
    </message>
    <message>
        <source>No OpenAI API key is set. Add one in Settings (Ctrl+,), or set the OPENAI_API_KEY environment variable and restart camdraw.</source>
        <translation type="vanished">Není nastaven klíč OpenAI API. Přidejte ho v Nastavení (Ctrl+,), nebo nastavte proměnnou prostředí OPENAI_API_KEY a spusťte camdraw znovu.</translation>
    </message>
    <message>
        <source>No API key is set for {server}. Add one in Settings (Ctrl+,).</source>
        <translation type="vanished">Pro {server} není nastaven klíč API. Přidejte ho v Nastavení (Ctrl+,).</translation>
    </message>
    <message>
        <source>This system has no secure keyring: enter the key for this session only.</source>
        <translation type="vanished">Tento systém nemá zabezpečenou klíčenku: zadejte klíč jen pro toto spuštění.</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation type="vanished">Otevřít nastavení</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>About camdraw</source>
        <translation type="vanished">O aplikaci camdraw</translation>
    </message>
    <message>
        <source>camdraw {version}

Point a webcam at the world and press Space: a vision model describes the photo, an image model paints the description, and both are saved and read aloud.

Press F1 for the keyboard shortcuts.</source>
        <translation type="vanished">camdraw {version}

Namiřte webkameru na svět a stiskněte mezerník: model pro vidění fotku popíše, obrazový model popis namaluje a obojí se uloží a přečte nahlas.

Klávesové zkratky zobrazí F1.</translation>
    </message>
</context>
</TS>
