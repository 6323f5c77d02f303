package commune

// Messages is this package's part of the catalogue: key → {Vietnamese, English}. Arguments
// are fmt verbs, in the same order in both languages. The Vietnamese uses the words of the
// law: hộ gia đình, chủ hộ, nhân khẩu, số định danh cá nhân, xóm.
var Messages = map[string][2]string{
	// Commune.
	"commune.not_found":         {"Không tìm thấy xã.", "Commune not found."},
	"commune.code_required":     {"Chưa nhập mã xã.", "Enter the commune code."},
	"commune.code_invalid":      {"Mã xã chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch ngang, tối đa 20 ký tự.", "The commune code may hold capital letters without diacritics, digits and hyphens, at most 20 characters."},
	"commune.code_taken":        {"Mã xã này đã được dùng cho xã khác.", "This code is already used by another commune."},
	"commune.host_invalid":      {"Tên miền không hợp lệ (chỉ ghi tên miền, ví dụ binhyen.thainguyen.gov.vn).", "The host name is not valid (the name only, e.g. binhyen.thainguyen.gov.vn)."},
	"commune.host_taken":        {"Tên miền này đã được dùng cho xã khác.", "This host name is already used by another commune."},
	"commune.name_required":     {"Chưa nhập tên xã.", "Enter the commune's name."},
	"commune.province_required": {"Chưa nhập tên tỉnh.", "Enter the province."},

	// Shared by several forms.
	"commune.conflict":            {"Dữ liệu vừa được người khác thay đổi; hãy tải lại trang, kiểm tra rồi thử lại.", "Someone else changed this meanwhile; reload the page, check and try again."},
	"commune.too_long":            {"Nội dung quá dài.", "This is too long."},
	"commune.email_invalid":       {"Địa chỉ thư điện tử không hợp lệ.", "The email address is not valid."},
	"commune.phone_invalid":       {"Số điện thoại không hợp lệ: số di động có 10 chữ số, số cố định có 11 chữ số (gồm mã vùng).", "The phone number is not valid: a mobile number has 10 digits, a fixed line 11 (with the area code)."},
	"commune.mobile_invalid":      {"Số điện thoại di động phải có 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.", "A mobile number has 10 digits and starts with 03, 05, 07, 08 or 09."},
	"commune.id_number_invalid":   {"Số định danh cá nhân phải gồm đúng 12 chữ số.", "The personal identification number must have exactly 12 digits."},
	"commune.birth_date_required": {"Chưa nhập ngày sinh.", "Enter the date of birth."},
	"commune.birth_date_invalid":  {"Ngày sinh không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 15/03/1990.", "The date of birth is not valid; write day/month/year, e.g. 15/03/1990."},
	"commune.birth_date_future":   {"Ngày sinh không được sau ngày hôm nay.", "The date of birth cannot be after today."},
	"commune.birth_date_too_old":  {"Ngày sinh phải từ năm 1900 trở về sau.", "The date of birth must be in 1900 or later."},
	"commune.gender_required":     {"Chưa chọn giới tính.", "Choose the sex."},
	"commune.gender_invalid":      {"Giới tính phải là “Nam” hoặc “Nữ”.", "Sex must be “Nam” (male) or “Nữ” (female)."},

	// Hamlets.
	"commune.hamlet.not_found":     {"Không tìm thấy xóm.", "Hamlet not found."},
	"commune.hamlet.name_required": {"Chưa nhập tên xóm.", "Enter the hamlet's name."},
	"commune.hamlet.name_taken":    {"Đã có xóm mang tên này.", "There is already a hamlet with this name."},

	// Households.
	"commune.household.not_found":        {"Không tìm thấy hộ gia đình.", "Household not found."},
	"commune.household.code_required":    {"Chưa nhập số hộ.", "Enter the household number."},
	"commune.household.code_taken":       {"Số hộ này đã có trong sổ của xã.", "This household number is already registered in the commune."},
	"commune.household.hamlet_required":  {"Chưa chọn xóm.", "Choose the hamlet."},
	"commune.household.hamlet_unknown":   {"Xóm đã chọn không thuộc xã.", "The chosen hamlet is not one of the commune's."},
	"commune.household.members_required": {"Hộ gia đình phải có ít nhất một thành viên là chủ hộ.", "A household needs at least one member, its head."},
	"commune.household.head_missing":     {"Hộ gia đình phải có một thành viên là chủ hộ.", "One member of the household must be its head."},
	"commune.household.head_repeated":    {"Mỗi hộ gia đình chỉ có một chủ hộ.", "A household has only one head."},

	// Residents.
	"commune.resident.not_found":          {"Không tìm thấy nhân khẩu.", "Resident not found."},
	"commune.resident.name_required":      {"Chưa nhập họ và tên.", "Enter the full name."},
	"commune.resident.relation_required":  {"Chưa nhập quan hệ với chủ hộ.", "Enter the relation to the head of household."},
	"commune.resident.id_number_taken":    {"Số định danh cá nhân này đã có trong sổ của xã.", "This personal identification number is already registered in the commune."},
	"commune.resident.id_number_repeated": {"Số định danh cá nhân này trùng với thành viên khác của hộ.", "Another member of the household has this personal identification number."},
	"commune.resident.head_exists":        {"Hộ đã có chủ hộ; muốn đổi chủ hộ, hãy sửa thông tin của hộ.", "The household already has a head; to change the head, edit the household."},
	"commune.resident.head_required":      {"Người này đang là chủ hộ; muốn đổi chủ hộ, hãy sửa thông tin của hộ.", "This person is the head of household; to change the head, edit the household."},
	"commune.resident.head_cannot_move":   {"Không thể chuyển chủ hộ sang hộ khác; hãy đổi chủ hộ trước.", "The head of household cannot move to another household; change the head first."},
	"commune.resident.remove_head":        {"Không thể xóa chủ hộ khỏi hộ; hãy đổi chủ hộ trước.", "The head of household cannot be removed; change the head first."},

	// Staff directory.
	"commune.staff.not_found":      {"Không tìm thấy cán bộ, công chức.", "Staff member not found."},
	"commune.staff.name_required":  {"Chưa nhập họ và tên.", "Enter the full name."},
	"commune.staff.title_required": {"Chưa nhập chức vụ.", "Enter the title."},
	"commune.staff.photo_invalid":  {"Ảnh không hợp lệ.", "The photo is not valid."},
	"commune.staff.roles_invalid":  {"Vai trò không hợp lệ.", "The roles are not valid."},
	"commune.staff.user_taken":     {"Tài khoản này đã gắn với cán bộ khác.", "This account is already linked to another staff member."},

	// Import of households and residents.
	"commune.import.unreadable":          {"Không đọc được tệp.", "The file could not be read."},
	"commune.import.empty":               {"Tệp không có dữ liệu.", "The file is empty."},
	"commune.import.too_large":           {"Tệp quá lớn (tối đa %d MB).", "The file is too large (at most %d MB)."},
	"commune.import.too_many_rows":       {"Tệp có quá nhiều dòng (tối đa %d dòng); hãy chia thành nhiều tệp.", "The file has too many rows (at most %d); split it into several files."},
	"commune.import.xls_unsupported":     {"Chưa hỗ trợ tệp Excel 97–2003 (.xls); hãy lưu lại dưới dạng .xlsx hoặc .csv.", "Excel 97–2003 files (.xls) are not supported; save the file as .xlsx or .csv."},
	"commune.import.xlsx_unreadable":     {"Không đọc được tệp Excel; tệp có thể bị hỏng hoặc đặt mật khẩu.", "The Excel file could not be read; it may be damaged or password-protected."},
	"commune.import.csv_malformed":       {"Tệp CSV bị lỗi định dạng ở dòng %d.", "The CSV file is malformed at line %d."},
	"commune.import.not_utf8":            {"Tệp không ở bảng mã UTF-8 nên không đọc được dòng tiêu đề. Hãy mở tệp bằng Excel và lưu lại: Tệp → Lưu thành → chọn \"CSV UTF-8 (phân tách bằng dấu phẩy)\", rồi tải lên lại.", "The file is not in UTF-8, so its header row could not be read. Open it in Excel and save it again as \"CSV UTF-8 (Comma delimited)\", then upload it again."},
	"commune.import.header_missing":      {"Không tìm thấy dòng tiêu đề; cần các cột Xóm, Số hộ, Họ và tên, Ngày sinh, Giới tính, Quan hệ với chủ hộ.", "No header row found; the file needs the columns Xóm, Số hộ, Họ và tên, Ngày sinh, Giới tính, Quan hệ với chủ hộ."},
	"commune.import.column_missing":      {"Tệp thiếu cột bắt buộc này.", "This required column is missing."},
	"commune.import.column_repeated":     {"Cột này có hơn một lần trong dòng tiêu đề.", "This column appears more than once in the header."},
	"commune.import.no_rows":             {"Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.", "There are no data rows under the header."},
	"commune.import.hamlet_differs":      {"Hộ số %s đã được ghi ở xóm khác (dòng %d).", "Household %s is given a different hamlet on row %d."},
	"commune.import.head_missing":        {"Hộ số %s chưa có thành viên nào là “Chủ hộ”.", "Household %s has no member whose relation is “Chủ hộ” (head)."},
	"commune.import.head_repeated":       {"Hộ số %s có hơn một chủ hộ.", "Household %s has more than one head."},
	"commune.import.id_number_repeated":  {"Số định danh cá nhân này đã có ở dòng %d.", "This personal identification number is already on row %d."},
	"commune.import.id_number_lost_zero": {"Số định danh cá nhân chỉ có 11 chữ số: có thể Excel đã làm mất số 0 ở đầu. Hãy định dạng cột là Văn bản (Text) rồi nhập lại.", "The personal identification number has only 11 digits: Excel may have dropped the leading zero. Format the column as Text and enter it again."},
	"commune.import.phone_lost_zero":     {"Số điện thoại chỉ có 9 chữ số: có thể Excel đã làm mất số 0 ở đầu. Hãy định dạng cột là Văn bản (Text) rồi nhập lại.", "The phone number has only 9 digits: Excel may have dropped the leading zero. Format the column as Text and enter it again."},
	"commune.import.number_scientific":   {"Số định danh cá nhân bị Excel ghi dạng số mũ (ví dụ 1,9E+11). Hãy định dạng cột là Văn bản (Text) rồi nhập lại đủ 12 chữ số.", "Excel wrote the personal identification number in scientific notation (e.g. 1.9E+11). Format the column as Text and enter all 12 digits again."},
	"commune.import.hamlet_unknown":      {"Xã chưa có xóm “%s”; hãy kiểm tra tên xóm hoặc thêm xóm trước khi nhập.", "The commune has no hamlet “%s”; check the name or add the hamlet before importing."},
	"commune.import.hamlet_ambiguous":    {"Tên xóm “%s” khớp với nhiều xóm; hãy ghi đầy đủ tên xóm.", "The hamlet name “%s” matches several hamlets; write the full name."},
	"commune.import.household_exists":    {"Hộ số %s đã có trong sổ của xã; thêm thành viên cho hộ này tại trang của hộ.", "Household %s is already registered; add members to it on its page."},
	"commune.import.id_number_exists":    {"Số định danh cá nhân này đã có trong sổ của xã.", "This personal identification number is already registered in the commune."},
	"commune.import.has_errors":          {"Tệp còn %d lỗi; chưa có dữ liệu nào được ghi.", "The file has %d errors; nothing was written."},
	"commune.import.preview_stale":       {"Bản xem trước không còn hợp lệ; hãy tải tệp lên lại.", "The preview is no longer valid; upload the file again."},
}
