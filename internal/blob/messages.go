package blob

// Messages are the blob store's user-facing strings, by the keys of its errors; the
// composition root adds them to the web catalogue.
var Messages = map[string][2]string{
	"blob.too_large":        {"Tệp quá lớn: tối đa %d MB.", "The file is too large: at most %d MB."},
	"blob.type_not_allowed": {"Không nhận loại tệp này (%s). Xin gửi tệp PDF, ảnh JPEG/PNG/WebP, CSV, văn bản, Excel (.xlsx) hoặc Word (.docx).", "This kind of file is not accepted (%s). Please send a PDF, a JPEG/PNG/WebP image, CSV, text, Excel (.xlsx) or Word (.docx) file."},
	"blob.not_image":        {"Tệp “%s” không phải ảnh. Xin gửi ảnh JPEG, PNG hoặc WebP.", "The file “%s” is not a photo. Please send a JPEG, PNG or WebP image."},
	"blob.not_scan":         {"Tệp “%s” không phải bản chụp hoặc bản quét giấy tờ. Xin gửi tệp PDF hoặc ảnh JPEG, PNG.", "The file “%s” is not a scan or photo of a paper. Please send a PDF, or a JPEG or PNG image."},
	"blob.pending_gone":     {"Tệp đã tải lên trước đó không còn được giữ (quá thời hạn); xin gửi lại tệp.", "The file uploaded earlier is no longer kept (it expired); please upload it again."},
	"blob.empty":            {"Tệp trống, không có nội dung.", "The file is empty."},
	"blob.not_found":        {"Không tìm thấy tệp.", "File not found."},
}
