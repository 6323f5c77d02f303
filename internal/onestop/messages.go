package onestop

// Messages is this package's part of the catalogue: key → {Vietnamese, English}. Arguments
// are fmt verbs in the same order in both languages. The Vietnamese uses the words of Decree
// 61/2018/NĐ-CP and Circular 01/2018/TT-VPCP: hồ sơ, tiếp nhận, bổ sung, hoàn thiện, từ chối,
// xin lỗi và hẹn lại ngày trả kết quả, Bộ phận Một cửa.
var Messages = map[string][2]string{
	"onestop.too_long": {"Nội dung quá dài.", "This is too long."},
	"onestop.conflict": {"Hồ sơ vừa được người khác thay đổi; vui lòng tải lại rồi thử lại.", "Someone else changed this meanwhile; reload and try again."},

	// Procedures.
	"onestop.procedure_not_found":                 {"Không tìm thấy thủ tục hành chính.", "Administrative procedure not found."},
	"onestop.procedure_required":                  {"Chưa chọn thủ tục hành chính.", "Choose the administrative procedure."},
	"onestop.procedure_unknown":                   {"Xã chưa công bố thủ tục hành chính có mã này.", "The commune publishes no procedure with this code."},
	"onestop.procedure_inactive":                  {"Thủ tục này không tiếp nhận tại Bộ phận Một cửa của xã.", "This procedure is not received at the commune's one-stop desk."},
	"onestop.procedure.code_invalid":              {"Mã thủ tục phải có dạng 1.001193.", "A procedure code looks like 1.001193."},
	"onestop.procedure.name_required":             {"Chưa nhập tên thủ tục.", "Enter the procedure's name."},
	"onestop.procedure.field_required":            {"Chưa nhập lĩnh vực.", "Enter the field."},
	"onestop.procedure.processing_invalid":        {"Thời hạn giải quyết không hợp lệ: ghi số ngày làm việc hoặc số giờ làm việc, không cả hai.", "The time limit is not valid: give working days or working hours, not both."},
	"onestop.procedure.fee_invalid":               {"Mức phí, lệ phí không hợp lệ.", "The fee is not valid."},
	"onestop.procedure.channel_invalid":           {"Cách thức thực hiện chỉ gồm: trực tiếp, trực tuyến, bưu chính.", "Channels are counter, online and post only."},
	"onestop.procedure.too_many_documents":        {"Quá nhiều thành phần hồ sơ.", "Too many documents."},
	"onestop.procedure.document_id_invalid":       {"Mã thành phần hồ sơ chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.", "A document id holds lower-case letters, digits and hyphens."},
	"onestop.procedure.document_id_repeated":      {"Mã thành phần hồ sơ bị trùng.", "This document id is repeated."},
	"onestop.procedure.document_name_required":    {"Chưa nhập tên thành phần hồ sơ.", "Enter the document's name."},
	"onestop.procedure.document_kind_invalid":     {"Loại giấy tờ phải là bản chính, bản sao, bản sao có chứng thực hoặc xuất trình.", "The kind must be original, copy, certified copy or shown."},
	"onestop.procedure.document_quantity_invalid": {"Số lượng giấy tờ không hợp lệ.", "The quantity is not valid."},
	"onestop.procedure.conflict":                  {"Thủ tục này vừa được người khác sửa. Nội dung ông/bà nhập chưa được lưu; vui lòng tải lại bản mới nhất rồi sửa lại.", "Someone else has just edited this procedure. Your changes were not saved; reload the latest version and edit again."},

	// Intake.
	"onestop.applicant.name_required":       {"Chưa nhập họ tên người nộp hồ sơ.", "Enter the applicant's name."},
	"onestop.applicant.id_number_invalid":   {"Số định danh cá nhân gồm 12 chữ số (hoặc số chứng minh nhân dân cũ 9 chữ số).", "The personal ID number has 12 digits (or 9 for an old ID card)."},
	"onestop.applicant.phone_invalid":       {"Số điện thoại không hợp lệ.", "The phone number is not valid."},
	"onestop.applicant.email_invalid":       {"Địa chỉ thư điện tử không hợp lệ.", "The email address is not valid."},
	"onestop.channel_invalid":               {"Hình thức nộp hồ sơ phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính).", "The channel must be 1 (counter), 2 (online) or 3 (post)."},
	"onestop.channel_not_offered":           {"Thủ tục này không nhận hồ sơ theo hình thức đã chọn.", "This procedure does not accept dossiers through this channel."},
	"onestop.if_incomplete_invalid":         {"if_incomplete chỉ nhận “refuse” hoặc “supplement”.", "if_incomplete takes “refuse” or “supplement”."},
	"onestop.documents_missing":             {"Hồ sơ chưa đầy đủ, còn thiếu: %s.", "The dossier is incomplete; missing: %s."},
	"onestop.document_missing":              {"Còn thiếu giấy tờ này.", "This document is missing."},
	"onestop.document_not_in_list":          {"Giấy tờ này không có trong thành phần hồ sơ của thủ tục; không được yêu cầu thêm giấy tờ ngoài quy định.", "This document is not on the procedure's list; nothing beyond the list may be asked for."},
	"onestop.document_repeated":             {"Giấy tờ này bị nêu hai lần.", "This document is named twice."},
	"onestop.file_invalid":                  {"Tệp đính kèm không hợp lệ.", "The attached file is not valid."},
	"onestop.file_not_found":                {"Không tìm thấy tệp này trong hồ sơ.", "This file is not part of the dossier."},
	"onestop.sequence_exhausted":            {"Đã hết số thứ tự hồ sơ của ngày hôm nay (999999).", "Today's dossier numbers are used up (999999)."},
	"onestop.dossier_not_found":             {"Không tìm thấy hồ sơ.", "Dossier not found."},
	"onestop.duty.process":                  {"Giải quyết hồ sơ thủ tục hành chính", "Process an administrative dossier"},
	"onestop.duty.check":                    {"Kiểm tra, tiếp nhận hồ sơ nộp trực tuyến", "Check and accept an online submission"},
	"onestop.lookup_locked":                 {"Mã hồ sơ này đã bị nhập sai 4 số cuối điện thoại nhiều lần nên tạm khóa tra cứu trong %d phút. Xin thử lại sau, hoặc gọi bộ phận một cửa của xã.", "Wrong phone digits were entered for this dossier code too many times, so its look-up is locked for %d minutes. Please try again later, or call the commune's one-stop desk."},
	"onestop.lookup_not_found":              {"Không tìm thấy hồ sơ với mã và 4 số cuối điện thoại đã nhập. Vui lòng kiểm tra lại giấy tiếp nhận.", "No dossier matches this code and these last 4 phone digits. Please check the receipt."},
	"onestop.supplement_documents_required": {"Phiếu yêu cầu bổ sung phải nêu ít nhất một giấy tờ.", "A supplement request must name at least one document."},

	// Rules (409).
	"onestop.illegal_transition":           {"Không thể %s khi hồ sơ đang ở trạng thái “%s”.", "Cannot do “%s” while the dossier is “%s”."},
	"onestop.supplement_already_requested": {"Hồ sơ đã có phiếu yêu cầu bổ sung trong lần này; theo quy định chỉ yêu cầu bổ sung một lần, đầy đủ.", "A supplement was already requested in this round; the law allows one complete request."},
	"onestop.apology_already_issued":       {"Hồ sơ đã được xin lỗi và hẹn lại ngày trả kết quả; theo quy định chỉ được hẹn lại một lần.", "An apology and new date were already given; the date may be reset only once."},
	"onestop.apology_too_late":             {"Phiếu xin lỗi và hẹn lại ngày trả kết quả phải gửi chậm nhất 01 ngày làm việc trước ngày hẹn trả.", "The apology and new date must be sent at least one working day before the due date."},

	// Action input (422).
	"onestop.reasons_required":         {"Chưa nêu lý do từ chối.", "Give the reasons for the refusal."},
	"onestop.reason_required":          {"Chưa nêu lý do.", "Give the reason."},
	"onestop.tracking_required":        {"Chưa nhập mã bưu gửi.", "Enter the postal tracking number."},
	"onestop.return_method_invalid":    {"Hình thức trả kết quả phải là “counter” (trực tiếp) hoặc “post” (bưu chính).", "The return method must be “counter” or “post”."},
	"onestop.new_due_required":         {"Chưa nhập ngày hẹn trả kết quả mới.", "Enter the new due date."},
	"onestop.new_due_not_later":        {"Ngày hẹn mới phải sau ngày hẹn hiện tại.", "The new date must be after the current due date."},
	"onestop.new_due_too_far":          {"Ngày hẹn mới quá xa.", "The new date is too far away."},
	"onestop.handover_user_unknown":    {"Không tìm thấy cán bộ nhận hồ sơ.", "The receiving officer was not found."},
	"onestop.handover_role_invalid":    {"Chỉ chuyển hồ sơ cho Bộ phận Một cửa, công chức chuyên môn hoặc lãnh đạo.", "A dossier goes to the desk, a specialist or a leader only."},
	"onestop.handover_user_lacks_role": {"Cán bộ này không đảm nhận bước tiếp theo của hồ sơ.", "This officer does not handle the dossier's next step."},
	"onestop.handover_target_required": {"Chưa chọn người hoặc bộ phận nhận hồ sơ.", "Choose the person or office receiving the dossier."},

	// Authority and online intake (issue 8).
	"onestop.not_holder":              {"Hồ sơ đang do %s giữ; chỉ người giữ hồ sơ hoặc lãnh đạo UBND xã mới thực hiện được bước này.", "The dossier is held by %s; only its holder or a commune leader can do this."},
	"onestop.idempotency_mismatch":    {"Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.", "This Idempotency-Key was already used for a different request."},
	"onestop.idempotency_key_invalid": {"Khóa Idempotency-Key không hợp lệ (1–200 ký tự in được).", "The Idempotency-Key is not valid (1–200 printable characters)."},
	"onestop.state.awaiting":          {"Chờ tiếp nhận", "Awaiting acceptance"},
	"onestop.action.accept":           {"Tiếp nhận hồ sơ trực tuyến", "Online dossier accepted"},

	// States.
	"onestop.state.received":     {"Đã tiếp nhận", "Received"},
	"onestop.state.processing":   {"Đang giải quyết", "Being processed"},
	"onestop.state.approval":     {"Chờ lãnh đạo phê duyệt", "Awaiting approval"},
	"onestop.state.supplement":   {"Chờ bổ sung hồ sơ", "Awaiting supplement"},
	"onestop.state.processed":    {"Đã giải quyết xong", "Processed"},
	"onestop.state.result_ready": {"Đã có kết quả, chờ trả", "Result ready"},
	"onestop.state.returned":     {"Đã trả kết quả", "Result returned"},
	"onestop.state.rejected":     {"Từ chối giải quyết", "Refused"},
	"onestop.state.stopped":      {"Dừng giải quyết", "Stopped"},
	"onestop.state.withdrawn":    {"Công dân đã rút hồ sơ", "Withdrawn"},

	// Actions (steps of the control slip).
	"onestop.action.intake":              {"Tiếp nhận hồ sơ", "Dossier received"},
	"onestop.action.supplement_request":  {"Yêu cầu bổ sung, hoàn thiện hồ sơ", "Supplement requested"},
	"onestop.action.supplement_received": {"Nhận hồ sơ bổ sung", "Supplement received"},
	"onestop.action.handover":            {"Chuyển hồ sơ", "Handed over"},
	"onestop.action.approve":             {"Lãnh đạo phê duyệt", "Approved"},
	"onestop.action.refuse":              {"Từ chối giải quyết", "Refused"},
	"onestop.action.result_ready":        {"Kết quả chuyển về Bộ phận Một cửa", "Result at the desk"},
	"onestop.action.return":              {"Trả kết quả", "Result returned"},
	"onestop.action.withdraw":            {"Công dân rút hồ sơ", "Withdrawn by the applicant"},
	"onestop.action.stop":                {"Dừng giải quyết", "Processing stopped"},
	"onestop.action.apology":             {"Xin lỗi và hẹn lại ngày trả kết quả", "Apology and new date"},

	// Offices, as the public sees them.
	"onestop.office.desk":       {"Bộ phận Một cửa", "One-stop desk"},
	"onestop.office.specialist": {"Công chức chuyên môn", "Specialist office"},
	"onestop.office.leader":     {"Lãnh đạo UBND xã", "Commune leadership"},
	"onestop.pickup":            {"Bộ phận Một cửa, %s. Địa chỉ: %s. Giờ làm việc: %s", "One-stop desk, %s. Address: %s. Hours: %s"},

	// Text messages to applicants (sent in Vietnamese).
	"onestop.sms.supplement":   {"UBND xã %s: hồ sơ %s cần bổ sung một lần các giấy tờ sau: %s. Xin cảm ơn ông/bà.", "Commune %s: dossier %s needs these documents, all at once: %s. Thank you."},
	"onestop.sms.accepted":     {"UBND xã %s đã tiếp nhận hồ sơ %s. Hẹn trả kết quả: %s. Xin cảm ơn ông/bà.", "Commune %s accepted dossier %s. Result due: %s. Thank you."},
	"onestop.sms.result_ready": {"UBND xã %s: hồ sơ %s đã có kết quả. Mời ông/bà đến Bộ phận Một cửa nhận kết quả. Xin cảm ơn.", "Commune %s: the result of dossier %s is ready at the one-stop desk. Thank you."},
	"onestop.sms.refused":      {"UBND xã %s: hồ sơ %s không được giải quyết. Lý do: %s. Xin ông/bà thông cảm.", "Commune %s: dossier %s was refused. Reasons: %s."},
	"onestop.sms.apology":      {"UBND xã %s xin lỗi ông/bà: hồ sơ %s chưa thể trả đúng hẹn vì %s. Ngày hẹn trả kết quả mới: %s.", "Commune %s apologises: dossier %s cannot be returned on time because %s. New date: %s."},
	// Digitisation, reuse and the national indicators (reuse.go, indicators*.go).
	"onestop.reuse_not_held":           {"Giấy tờ chọn dùng lại không thuộc hồ sơ trước đây của người có số định danh này.", "A document chosen for reuse is not one this person handed in before."},
	"onestop.result_not_decided":       {"Chỉ đính kèm kết quả khi hồ sơ đã được giải quyết.", "A result can be attached only once the dossier is decided."},
	"onestop.page.indicators.title":    {"Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)", "Service-quality indicators (Decision 766/QĐ-TTg)"},
	"onestop.page.indicators.dossiers": {"Hồ sơ của chỉ số", "Dossiers behind the indicator"},
	"onestop.page.intake.lookup":       {"Tra cứu giấy tờ đã có", "Look up documents already held"},
	"onestop.page.intake.held":         {"Giấy tờ, kết quả đã có của người này", "Documents and results already held for this person"},
	"onestop.page.intake.held_hint":    {"Đánh dấu “dùng lại” để không yêu cầu người dân nộp lại giấy tờ đã có.", "Tick “reuse” so the resident is not asked again for a paper already held."},
	"onestop.page.intake.held_none":    {"Chưa có giấy tờ nào đã số hóa của người có số định danh này.", "No digitised document is held for this ID number."},
	"onestop.page.intake.reuse":        {"dùng lại", "reuse"},
	"onestop.page.intake.vneid":        {"Đã xác thực danh tính qua VNeID", "Identity verified with VNeID"},
	"onestop.page.result.attach":       {"Đính kèm bản quét kết quả", "Attach result scan"},
	"onestop.page.result.electronic":   {"Kết quả được cấp bản điện tử", "The result is issued electronically"},
	// Province mode (Decree 118/2025): intake on behalf of another commune of the province.
	"onestop.received_for_read_only":         {"Hồ sơ này được tiếp nhận hộ xã khác; việc giải quyết thuộc UBND xã có thẩm quyền.", "This dossier was received on behalf of another commune; that commune processes it."},
	"onestop.for_commune_unknown":            {"Không tìm thấy xã có thẩm quyền giải quyết.", "No such competent commune."},
	"onestop.for_commune_other_province":     {"Chỉ tiếp nhận hộ hồ sơ của các xã trong cùng tỉnh.", "Dossiers can be received only for communes of the same province."},
	"onestop.page.dossiers.received_for":     {"Tiếp nhận hộ xã khác", "Received for other communes"},
	"onestop.page.intake.for_commune":        {"Xã có thẩm quyền giải quyết", "Competent commune"},
	"onestop.page.intake.this_commune":       {"%s (xã này)", "%s (this commune)"},
	"onestop.page.dossier.received_for":      {"Hồ sơ của xã %s, tiếp nhận hộ tại Trung tâm Phục vụ hành chính công của xã này. Chỉ xem; việc giải quyết thuộc UBND xã %s.", "A dossier of commune %s received on its behalf at this commune's centre. Read only; commune %s processes it."},
	"onestop.page.dossier.received_at_other": {"Tiếp nhận hộ tại Trung tâm Phục vụ hành chính công xã %s.", "Received on this commune's behalf at the centre of commune %s."},
	"onestop.page.result.attached":           {"Đã đính kèm bản quét kết quả.", "The result scan is attached."},
}
