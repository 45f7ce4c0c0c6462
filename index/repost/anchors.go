package repost

// Anchors match the paragraphs of a group's copies to one another: given
// the prints of a group, the copy the group prefers first, they return for
// each print the paragraph of the group (numbered from 1) that each of its
// paragraphs copies, by paragraph number. A search shows the copies of one
// group paragraph once.
//
// The copies are read in the group's order; a paragraph copies the group
// paragraph that holds most of its sentences' text, and is a group
// paragraph of its own when it shares none (an editor's note, a paragraph
// the earlier copies cut). So a copy that prints each sentence as a
// paragraph of its own matches each of them to the original's paragraph,
// and one that joins two paragraphs matches the one it shares more with.
// A paragraph too short for a sentence is matched by its whole skeleton.
func Anchors(prints []*Print) []map[int]uint32 {
	out := make([]map[int]uint32, len(prints))
	anchorOf := map[uint64]uint32{} // a sentence's (or a short paragraph's) hash → its group paragraph
	next := uint32(1)
	for i, p := range prints {
		out[i] = make(map[int]uint32, len(p.Paragraphs))
		at := 0
		for _, para := range p.Paragraphs {
			sentences := p.Sentences[at : at+para.Sentences]
			at += para.Sentences
			if para.Sentences == 0 && para.Whole == 0 {
				continue // no text: nothing to match
			}
			// the group paragraph holding most of this one's text
			shared := map[uint32]int{}
			var best uint32
			for _, s := range sentences {
				if a, ok := anchorOf[s.Hash]; ok {
					shared[a] += s.Runes
					if shared[a] > shared[best] || shared[a] == shared[best] && a < best {
						best = a
					}
				}
			}
			if para.Sentences == 0 {
				best = anchorOf[para.Whole]
			}
			if best == 0 {
				best = next
				next++
			}
			out[i][para.N] = best
			for _, s := range sentences {
				if _, ok := anchorOf[s.Hash]; !ok {
					anchorOf[s.Hash] = best
				}
			}
			if para.Sentences == 0 {
				if _, ok := anchorOf[para.Whole]; !ok {
					anchorOf[para.Whole] = best
				}
			}
		}
	}
	return out
}
