package letters

// Text is the three parts of a template, or of a letter written from one: the title (drawn in
// capitals under the letterhead), the body (one paragraph a line; the first line is the
// salutation) and the short text sent by SMS or Zalo.
type Text struct {
	Title, Body, Short string
}

// Defaults are the shipped texts of each occasion, in the polite register of the commune's
// letters (plan 2025 III.1.6). A commune edits its own at /thu/mau; these stay the fallback.
var Defaults = map[Occasion]Text{
	OccBirth: {
		Title: "Thư chúc mừng",
		Body: `Kính gửi: Ông/Bà {{ho_ten}}
Ủy ban nhân dân xã {{xa}} vui mừng được biết gia đình ông/bà vừa đón thêm thành viên mới và đã đăng ký khai sinh cho cháu tại Ủy ban nhân dân xã ngày {{ngay}}.
Nhân dịp này, thay mặt Ủy ban nhân dân xã, tôi xin gửi tới ông/bà và gia đình lời chúc mừng tốt đẹp nhất. Chúc cháu bé luôn mạnh khỏe, ngoan ngoãn, lớn lên trong tình yêu thương của gia đình và cộng đồng; chúc gia đình luôn mạnh khỏe, hạnh phúc.
Ủy ban nhân dân xã luôn sẵn sàng đồng hành cùng gia đình trong việc chăm sóc sức khỏe, tiêm chủng và học tập của cháu.
Trân trọng!`,
		Short: "UBND xã {{xa}} chúc mừng gia đình ông/bà {{ho_ten}} đón thành viên mới. Chúc cháu bé mạnh khỏe, gia đình hạnh phúc!",
	},
	OccMarriage: {
		Title: "Thư chúc mừng",
		Body: `Kính gửi: Ông/Bà {{ho_ten}}
Ủy ban nhân dân xã {{xa}} vui mừng được biết ông/bà đã đăng ký kết hôn tại Ủy ban nhân dân xã ngày {{ngay}}.
Nhân dịp trọng đại này, thay mặt Ủy ban nhân dân xã, tôi xin gửi tới hai bạn và gia đình hai bên lời chúc mừng tốt đẹp nhất. Chúc hai bạn trăm năm hạnh phúc, luôn yêu thương, tôn trọng, cùng nhau xây dựng gia đình no ấm, bình đẳng, tiến bộ, hạnh phúc.
Trân trọng!`,
		Short: "UBND xã {{xa}} chúc mừng ông/bà {{ho_ten}} đã đăng ký kết hôn. Chúc hai bạn trăm năm hạnh phúc!",
	},
	OccDeath: {
		Title: "Thư chia buồn",
		Body: `Kính gửi: Ông/Bà {{ho_ten}} và gia đình
Ủy ban nhân dân xã {{xa}} vô cùng thương tiếc được tin gia đình ông/bà có người thân từ trần.
Thay mặt Ủy ban nhân dân xã, tôi xin gửi tới ông/bà và toàn thể gia đình lời chia buồn sâu sắc nhất. Mong gia đình sớm vượt qua nỗi đau mất mát này.
Ủy ban nhân dân xã luôn sẵn sàng chia sẻ, hỗ trợ gia đình trong những việc cần thiết.
Xin thành kính phân ưu!`,
		Short: "UBND xã {{xa}} xin gửi lời chia buồn sâu sắc tới ông/bà {{ho_ten}} và gia đình. Xin thành kính phân ưu.",
	},
	OccLate: {
		Title: "Thư xin lỗi",
		Body: `Kính gửi: Ông/Bà {{ho_ten}}
Ủy ban nhân dân xã {{xa}} đã tiếp nhận hồ sơ {{thu_tuc}} của ông/bà, mã hồ sơ {{ma_ho_so}}, hẹn trả kết quả ngày {{ngay_hen_cu}}. Tuy nhiên, kết quả đã được trả ngày {{ngay}}, chậm so với ngày hẹn.
Ủy ban nhân dân xã thành thật xin lỗi ông/bà vì sự chậm trễ này và những phiền hà đã gây ra. Chúng tôi sẽ rà soát nguyên nhân, chấn chỉnh để việc giải quyết thủ tục hành chính cho Nhân dân ngày càng đúng hạn, thuận lợi hơn.
Rất mong nhận được sự thông cảm của ông/bà.
Trân trọng!`,
		Short: "UBND xã {{xa}} xin lỗi ông/bà {{ho_ten}} vì hồ sơ {{ma_ho_so}} được trả kết quả chậm so với ngày hẹn. Mong ông/bà thông cảm.",
	},
	OccApologised: {
		Title: "Thư xin lỗi",
		Body: `Kính gửi: Ông/Bà {{ho_ten}}
Ủy ban nhân dân xã {{xa}} đã tiếp nhận hồ sơ {{thu_tuc}} của ông/bà, mã hồ sơ {{ma_ho_so}}, hẹn trả kết quả ngày {{ngay_hen_cu}}. Do {{ly_do}}, hồ sơ chưa được giải quyết đúng hạn.
Ủy ban nhân dân xã thành thật xin lỗi ông/bà vì sự chậm trễ này và xin hẹn lại ngày trả kết quả là ngày {{ngay_hen_moi}}.
Rất mong nhận được sự thông cảm của ông/bà.
Trân trọng!`,
		Short: "UBND xã {{xa}} xin lỗi ông/bà {{ho_ten}}: hồ sơ {{ma_ho_so}} chưa giải quyết đúng hạn, xin hẹn lại ngày {{ngay_hen_moi}}. Mong ông/bà thông cảm.",
	},
	OccMistake: {
		Title: "Thư xin lỗi",
		Body: `Kính gửi: Ông/Bà {{ho_ten}}
Ủy ban nhân dân xã {{xa}} thành thật xin lỗi ông/bà vì {{ly_do}}.
Chúng tôi nhận rõ thiếu sót này đã gây ảnh hưởng, phiền hà cho ông/bà. Ủy ban nhân dân xã đã chỉ đạo khắc phục và sẽ chấn chỉnh để không để xảy ra sai sót tương tự.
Rất mong nhận được sự thông cảm và tiếp tục góp ý của ông/bà.
Trân trọng!`,
		Short: "UBND xã {{xa}} thành thật xin lỗi ông/bà {{ho_ten}} vì {{ly_do}}. Mong ông/bà thông cảm.",
	},
	OccContribution: {
		Title: "Thư cảm ơn",
		Body: `Kính gửi: Ông/Bà {{ho_ten}}
Ủy ban nhân dân xã {{xa}} trân trọng cảm ơn ông/bà đã {{ly_do}}.
Sự đóng góp quý báu của ông/bà đã góp phần xây dựng quê hương, xây dựng chính quyền và cộng đồng dân cư ngày càng vững mạnh. Kính chúc ông/bà và gia đình luôn mạnh khỏe, hạnh phúc, thành công.
Trân trọng cảm ơn!`,
		Short: "UBND xã {{xa}} trân trọng cảm ơn ông/bà {{ho_ten}} đã {{ly_do}}.",
	},
	OccHoliday: {
		Title: "Thư chúc mừng nhân dịp {{dip}}",
		Body: `Kính gửi: Toàn thể cán bộ, đảng viên và Nhân dân xã {{xa}}
Nhân dịp {{dip}}, thay mặt Ủy ban nhân dân xã, tôi xin gửi tới toàn thể cán bộ, đảng viên và Nhân dân trong xã lời thăm hỏi ân cần và lời chúc mừng tốt đẹp nhất.
Chúc bà con luôn mạnh khỏe, đoàn kết, hăng say lao động sản xuất, cùng chung sức xây dựng quê hương ngày càng giàu đẹp, văn minh.
Trân trọng!`,
		Short: "Nhân dịp {{dip}}, UBND xã {{xa}} kính chúc bà con Nhân dân mạnh khỏe, hạnh phúc!",
	},
}
