package commune

// Names for the demo commune: the family names of Định Hóa (Tày, Nùng, Dao and Kinh families
// side by side), with rough weights, and usual middle and given names.

type weighted struct {
	name   string
	weight int
}

var demoFamilyNames = []weighted{
	{"Nguyễn", 18}, {"Hoàng", 12}, {"Ma", 10}, {"Lường", 8}, {"Hà", 8}, {"Nông", 8}, {"Trần", 6}, {"Lê", 6},
	{"Đặng", 5}, {"Phạm", 4}, {"Dương", 4}, {"Vũ", 3}, {"Triệu", 3}, {"Đinh", 3}, {"Lâm", 2}, {"Mạc", 2},
}

var demoMiddleMale = []weighted{
	{"Văn", 50}, {"Đức", 10}, {"Đình", 8}, {"Minh", 8}, {"Quang", 6}, {"Ngọc", 5}, {"Xuân", 5}, {"Thanh", 5}, {"Hữu", 3},
}

var demoMiddleFemale = []weighted{
	{"Thị", 60}, {"Thu", 6}, {"Ngọc", 6}, {"Thanh", 6}, {"Hồng", 6}, {"Minh", 4}, {"Phương", 4}, {"Bích", 3}, {"Kim", 3},
}

var demoGivenMale = []string{"An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Hưng", "Khánh", "Kiên", "Long",
	"Mạnh", "Minh", "Nam", "Phúc", "Quang", "Quân", "Sơn", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Việt", "Vinh",
	"Hiếu", "Huy", "Lâm", "Tùng", "Chiến", "Thịnh", "Hoàng", "Đạt", "Duy", "Khôi", "Bảo", "Khang", "Đăng", "Lực", "Tiến"}

var demoGivenFemale = []string{"Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Huyền",
	"Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thu", "Trang",
	"Tuyết", "Vân", "Yến", "Hiền", "Thủy", "Nhàn", "Hồng", "Ánh", "Diệp", "My", "Trâm", "Lụa", "Duyên"}

// demoHamlets are the hamlets of the demo commune with how many households each has, relative
// to the others.
var demoHamlets = []weighted{
	{"Xóm Trung Tâm", 14}, {"Xóm Đồng Kệu", 12}, {"Xóm Khẩu Đưa", 9}, {"Xóm Làng Mới", 11}, {"Xóm Yên Thông", 10},
	{"Xóm Đồng Giáo", 9}, {"Xóm Nà Lá", 8}, {"Xóm Tỉn Keo", 7}, {"Xóm Đồng Chùa", 10}, {"Xóm Thanh Bình", 10},
}

// demoMobilePrefixes are the first three digits of Vietnamese mobile numbers in use.
var demoMobilePrefixes = []string{"086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",
	"088", "091", "094", "081", "082", "083", "084", "085", "089", "090", "093", "070", "076", "077", "078", "079", "056", "058"}

// demoStaff is the staff directory of the demo commune. Username is the fixed demo login the
// account administration creates for that person ("" = no account). The hamlet head's name
// is taken from the residents (filled in by SeedDemo).
var demoStaff = []DemoStaff{
	{Username: "chutich", FullName: "Hoàng Văn Thắng", Title: "Chủ tịch UBND xã", Unit: "Lãnh đạo UBND xã", Roles: "leader"},
	{FullName: "Ma Đình Hùng", Title: "Phó Chủ tịch UBND xã, phụ trách Kinh tế", Unit: "Lãnh đạo UBND xã", Roles: "leader"},
	{FullName: "Nông Thị Hạnh", Title: "Phó Chủ tịch UBND xã, phụ trách Văn hóa - Xã hội", Unit: "Lãnh đạo UBND xã", Roles: "leader"},
	{Username: "motcua", FullName: "Hà Thị Mai", Title: "Công chức tiếp nhận và trả kết quả", Unit: "Bộ phận Một cửa", Roles: "desk"},
	{Username: "admin", FullName: "Lường Thị Thu Trang", Title: "Công chức Văn phòng - Thống kê, quản trị hệ thống", Unit: "Văn phòng - Thống kê", Roles: "admin"},
	{Username: "chuyenmon", FullName: "Đặng Văn Long", Title: "Công chức Tư pháp - Hộ tịch", Unit: "Tư pháp - Hộ tịch", Roles: "specialist"},
	{FullName: "Nguyễn Văn Tuấn", Title: "Công chức Địa chính - Xây dựng", Unit: "Địa chính - Xây dựng", Roles: "specialist"},
	{FullName: "Trần Thị Hương", Title: "Công chức Văn hóa - Xã hội", Unit: "Văn hóa - Xã hội", Roles: "specialist"},
	{FullName: "Lê Thị Ngọc Anh", Title: "Công chức Tài chính - Kế toán", Unit: "Tài chính - Kế toán", Roles: "specialist"},
	{FullName: "Lường Văn Dũng", Title: "Chỉ huy trưởng Ban Chỉ huy Quân sự xã", Unit: "Ban Chỉ huy Quân sự xã"},
	{Username: "mattran", FullName: "Hoàng Thị Lan", Title: "Chủ tịch Ủy ban MTTQ Việt Nam xã", Unit: "Ủy ban Mặt trận Tổ quốc Việt Nam xã", Roles: "front"},
	{Username: "thanhtra", FullName: "Ma Văn Bình", Title: "Trưởng ban Thanh tra nhân dân", Unit: "Ban Thanh tra nhân dân", Roles: "inspection"},
	{Username: "giamsat", FullName: "Nông Văn Quang", Title: "Trưởng ban Giám sát đầu tư của cộng đồng", Unit: "Ban Giám sát đầu tư của cộng đồng", Roles: "investmentwatch"},
	{Username: "truongxom", Title: "Trưởng xóm Đồng Kệu", Unit: "Xóm Đồng Kệu", Roles: "hamlethead"},
}
