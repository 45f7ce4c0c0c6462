package repost

import (
	"reflect"
	"testing"

	"fangtan/article/synth"
)

func TestEntryRoundTrip(t *testing.T) {
	for _, a := range seedArticles(t) {
		a.Site, a.SourceURL = "临澜日报网", "https://paper.example.com/1.html"
		e := NewEntry(a)
		got, err := UnmarshalEntry(a.ID, e.Marshal())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("%s: read back %+v\nwrote %+v", a.ID, got.Copy, e.Copy)
		}
		p, err := UnmarshalPrint(a.ID, e.Marshal())
		want := e.Print
		want.Paragraphs = nil
		if err != nil || !reflect.DeepEqual(p, want) {
			t.Errorf("%s: print read back %+v, %v\nwrote %+v", a.ID, p, err, want)
		}
		// every cut of the encoding is refused, not misread
		b := e.Marshal()
		for n := 0; n < len(b); n += 1 + len(b)/50 {
			if _, err := UnmarshalEntry(a.ID, b[:n]); err == nil {
				t.Errorf("%s: %d of %d bytes read as an entry", a.ID, n, len(b))
			}
			if _, err := UnmarshalPrint(a.ID, b[:n]); err == nil {
				t.Errorf("%s: %d of %d bytes read as a print", a.ID, n, len(b))
			}
		}
	}
}

func FuzzUnmarshalEntry(f *testing.F) {
	for _, a := range seedArticles(f) {
		e := NewEntry(a)
		f.Add(e.Marshal())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := UnmarshalEntry("x", b)
		if err != nil {
			return
		}
		// what reads back writes the same bytes
		if again, err := UnmarshalEntry("x", e.Marshal()); err != nil || !reflect.DeepEqual(again, e) {
			t.Fatalf("an entry read from %x does not survive a round trip: %v", b, err)
		}
	})
}

// The paragraphs of a copy in any dress are matched to the original's:
// one for one when the copy keeps the paragraphs, each sentence to its
// paragraph when the copy splits them, a joined pair to one of the two.
func TestAnchorsMatchCopiedParagraphs(t *testing.T) {
	for _, a := range seedArticles(t) {
		orig := Fingerprint(a)
		for name, d := range map[string]synth.Dress{
			"traditional": {ID: "c", Traditional: true}, "glossed": {ID: "c", Glossed: true},
			"full width": {ID: "c", FullWidth: true}, "punctuation": {ID: "c", Punctuation: true},
			"split": {ID: "c", Split: true}, "joined": {ID: "c", Join: true},
			"a note added": {ID: "c", Note: "（编者按：本文转自某某日报，转载时有删节。）"},
		} {
			cp := Fingerprint(synth.Repost(a, d))
			anchors := Anchors([]*Print{&orig, &cp})
			groupParas := map[uint32]bool{}
			for _, x := range anchors[0] {
				if groupParas[x] {
					t.Fatalf("%s: two paragraphs of the original share a group paragraph", a.ID)
				}
				groupParas[x] = true
			}
			added := 0 // paragraphs with a sentence (a split-off 谢谢。 has none) matched to none of the original's
			for _, p := range cp.Paragraphs {
				if p.Sentences > 0 && !groupParas[anchors[1][p.N]] {
					added++
				}
			}
			if name == "a note added" && added != 1 || name != "a note added" && added != 0 {
				t.Errorf("%s, %s: %d paragraphs of the copy match none of the original's", a.ID, name, added)
			}
			if name == "traditional" || name == "glossed" || name == "full width" || name == "punctuation" {
				for n, x := range anchors[0] {
					if anchors[1][n] != x {
						t.Errorf("%s, %s: paragraph %d is not matched to itself", a.ID, name, n)
					}
				}
			}
		}
	}
}
