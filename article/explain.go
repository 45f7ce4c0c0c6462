package article

// Explanation says why Parse extracted what it did: for each metadata field
// the rule and the line it came from, for each paragraph the rule that gave
// its kind, the lines dropped as page furniture, and what parsing was
// unsure of. `fangtan inspect --explain` prints it.
type Explanation struct {
	Fields     []FieldOrigin `json:"fields"`
	Paragraphs []string      `json:"paragraphs"` // the rule of each paragraph, in order
	Dropped    []Dropped     `json:"dropped"`
	Warnings   []string      `json:"warnings"`
}

// FieldOrigin is where one metadata field came from.
type FieldOrigin struct {
	Field string `json:"field"`
	Value string `json:"value"`
	Rule  string `json:"rule"`
	Line  string `json:"line"` // the line of the page, or the markup it came from
}

// Dropped is a line of the page that is not in the article, and why.
type Dropped struct {
	Text string `json:"text"`
	Rule string `json:"rule"`
}

// Explain parses like Parse and also says why. A .json or .jsonl record
// has no explanation beyond its fields.
func Explain(data []byte, name string) (*Article, *Explanation, error) {
	var ex Explanation
	a, err := parse(data, name, &ex)
	if err != nil {
		return nil, nil, err
	}
	return a, &ex, nil
}

// tracer collects an Explanation; a nil tracer collects nothing.
type tracer struct{ ex *Explanation }

func (t tracer) field(field, value, rule, line string) {
	if t.ex == nil {
		return
	}
	for i, f := range t.ex.Fields {
		if f.Field == field {
			if value == "" { // the field was taken back ("来源:本网" with no site name)
				t.ex.Fields = append(t.ex.Fields[:i], t.ex.Fields[i+1:]...)
			} else {
				t.ex.Fields[i] = FieldOrigin{field, value, rule, line}
			}
			return
		}
	}
	if value == "" {
		return
	}
	t.ex.Fields = append(t.ex.Fields, FieldOrigin{field, value, rule, line})
}

func (t tracer) drop(text, rule string) {
	if t.ex != nil && text != "" {
		t.ex.Dropped = append(t.ex.Dropped, Dropped{text, rule})
	}
}

func (t tracer) warn(s string) {
	if t.ex != nil {
		t.ex.Warnings = append(t.ex.Warnings, s)
	}
}
