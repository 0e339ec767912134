
/skl/build-c/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff81b543a0 <bpf_sk_lookup_assign>:
ffffffff81b543a0:      	endbr64
ffffffff81b543a4:      	nop	dword ptr [rax + rax]
ffffffff81b543a9:      	cmp	rdx, 0x3
ffffffff81b543ad:      	ja	0xffffffff81b5449d <bpf_sk_lookup_assign+0xfd>
ffffffff81b543b3:      	test	rsi, rsi
ffffffff81b543b6:      	je	0xffffffff81b5445b <bpf_sk_lookup_assign+0xbb>
ffffffff81b543bc:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b543c0:      	mov	rax, -0x5e
ffffffff81b543c7:      	mov	r8d, 0xffffefbf
ffffffff81b543cd:      	bt	r8d, ecx
ffffffff81b543d1:      	jae	0xffffffff81b5446e <bpf_sk_lookup_assign+0xce>
ffffffff81b543d7:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff81b543df:      	je	0xffffffff81b5446e <bpf_sk_lookup_assign+0xce>
ffffffff81b543e5:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b543e9:      	and	ecx, -0x9
ffffffff81b543ec:      	cmp	cx, 0x2
ffffffff81b543f0:      	jne	0xffffffff81b5440f <bpf_sk_lookup_assign+0x6f>
ffffffff81b543f2:      	cmp	word ptr [rsi + 0x216], 0x1
ffffffff81b543fa:      	jne	0xffffffff81b5440f <bpf_sk_lookup_assign+0x6f>
ffffffff81b543fc:      	cmp	word ptr [rsi + 0x214], 0x6
ffffffff81b54404:      	jne	0xffffffff81b5440f <bpf_sk_lookup_assign+0x6f>
ffffffff81b54406:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b5440a:      	cmp	cl, 0xa
ffffffff81b5440d:      	jne	0xffffffff81b5446e <bpf_sk_lookup_assign+0xce>
ffffffff81b5440f:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b54413:      	mov	r8d, ecx
ffffffff81b54416:      	and	r8d, -0x9
ffffffff81b5441a:      	cmp	r8w, 0x2
ffffffff81b5441f:      	jne	0xffffffff81b54440 <bpf_sk_lookup_assign+0xa0>
ffffffff81b54421:      	cmp	word ptr [rsi + 0x216], 0x2
ffffffff81b54429:      	jne	0xffffffff81b54440 <bpf_sk_lookup_assign+0xa0>
ffffffff81b5442b:      	cmp	word ptr [rsi + 0x214], 0x11
ffffffff81b54433:      	jne	0xffffffff81b54440 <bpf_sk_lookup_assign+0xa0>
ffffffff81b54435:      	movzx	r8d, byte ptr [rsi + 0x12]
ffffffff81b5443a:      	cmp	r8b, 0x7
ffffffff81b5443e:      	jne	0xffffffff81b5446e <bpf_sk_lookup_assign+0xce>
ffffffff81b54440:      	movzx	r8d, word ptr [rsi + 0x214]
ffffffff81b54448:      	mov	rax, -0x5b
ffffffff81b5444f:      	cmp	r8w, word ptr [rdi + 0x2]
ffffffff81b54454:      	jne	0xffffffff81b5446e <bpf_sk_lookup_assign+0xce>
ffffffff81b54456:      	cmp	cx, word ptr [rdi]
ffffffff81b54459:      	jne	0xffffffff81b54488 <bpf_sk_lookup_assign+0xe8>
ffffffff81b5445b:      	test	dl, 0x1
ffffffff81b5445e:      	jne	0xffffffff81b54474 <bpf_sk_lookup_assign+0xd4>
ffffffff81b54460:      	mov	rax, -0x11
ffffffff81b54467:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff81b5446c:      	je	0xffffffff81b54474 <bpf_sk_lookup_assign+0xd4>
ffffffff81b5446e:      	jmp	0xffffffff81d56930 <__x86_return_thunk>
ffffffff81b54474:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff81b54478:      	cmp	rdx, 0x2
ffffffff81b5447c:      	setae	byte ptr [rdi + 0x2c]
ffffffff81b54480:      	xor	eax, eax
ffffffff81b54482:      	jmp	0xffffffff81d56930 <__x86_return_thunk>
ffffffff81b54488:      	mov	rax, -0x61
ffffffff81b5448f:      	cmp	cx, 0x2
ffffffff81b54493:      	je	0xffffffff81b5446e <bpf_sk_lookup_assign+0xce>
ffffffff81b54495:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff81b54499:      	je	0xffffffff81b5445b <bpf_sk_lookup_assign+0xbb>
ffffffff81b5449b:      	jmp	0xffffffff81b5446e <bpf_sk_lookup_assign+0xce>
ffffffff81b5449d:      	mov	rax, -0x16
ffffffff81b544a4:      	jmp	0xffffffff81d56930 <__x86_return_thunk>
ffffffff81b544aa:      	nop	word ptr [rax + rax]
