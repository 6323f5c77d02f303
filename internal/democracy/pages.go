package democracy

const (
	staffBase  = "/dan-chu"
	publicBase = "/hop-thon"
)
